// libxml2's HTML parser, loaded on first use (dlopen) rather than linked: only the commands that
// read pages pay for loading libxml2 and its dependencies (ICU, lzma); `folio search` does not.
// The few functions Folio calls are wrapped here; the types come from libxml2's headers.
#ifndef FOLIO_CLIBXML2_H
#define FOLIO_CLIBXML2_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers clash with the ICU copy inside Foundation
// (`UErrorCode has different definitions`). Only the layout of xmlCharEncodingHandler depends on
// it, and Swift never looks inside that struct (it passes pointers), so hide ICU from Swift.
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/// Loads libxml2 (once, thread-safe) and initializes its parser. Returns NULL when it is ready, else
/// the loader's reason (the library is missing or lacks a function), which stays valid.
const char *folio_xml_load(void);

/// Options for pages from the web: recover from broken markup, stay quiet, never touch the network,
/// keep whitespace-only text nodes (NOBLANKS off: spaces between inline elements matter), and
/// trust the encoding the caller gives rather than a `<meta charset>` inside the document.
int folio_html_parse_options(void);

/// Silences libxml2's generic error output (encoding errors are printed even with HTML_PARSE_NOERROR).
/// libxml2 keeps the handler per thread, so call it on the thread that parses, before parsing.
void folio_silence_errors(void);

/// 1 when libxml2 (with iconv) can decode the named encoding, else 0.
int folio_encoding_is_supported(const char *name);

/// libxml2's functions, called through the loaded library (`folio_xml_load` first).
htmlDocPtr folio_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options);
void folio_xml_free_doc(xmlDocPtr document);
xmlNodePtr folio_xml_doc_get_root_element(const xmlDoc *document);
const htmlEntityDesc *folio_html_entity_lookup(const xmlChar *name);

#endif
