// libxml2's HTML parser, with the few helpers Swift needs: the parser options as one int and an
// encoding-name check that releases the handler it looks up.
#ifndef FOLIO_CLIBXML2_SHIM_H
#define FOLIO_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers clash with the ICU copy inside Foundation
// (`UErrorCode has different definitions`). Only the layout of xmlCharEncodingHandler depends on
// it, and Swift never looks inside that struct (it passes pointers), so hide ICU from Swift.
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/// Options for pages from the web: recover from broken markup, stay quiet, never touch the network,
/// keep whitespace-only text nodes (NOBLANKS off: spaces between inline elements matter), and
/// trust the encoding the caller gives rather than a `<meta charset>` inside the document.
static inline int folio_html_parse_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT
        | HTML_PARSE_IGNORE_ENC;
}

static void folio_ignore_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Silences libxml2's generic error output (encoding errors are printed even with HTML_PARSE_NOERROR).
/// libxml2 keeps the handler per thread, so call it on the thread that parses, before parsing.
static inline void folio_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, folio_ignore_error);
}

/// 1 when libxml2 (with iconv) can decode the named encoding, else 0.
static inline int folio_encoding_is_supported(const char *name) {
    xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(name);
    if (handler == NULL) {
        return 0;
    }
    xmlCharEncCloseFunc(handler);
    return 1;
}

#endif
