#include "CLibXML2.h"
#include "CLoader.h"

#include <pthread.h>
#include <stdio.h>

static struct {
    void (*init_parser)(void);
    htmlDocPtr (*read_memory)(const char *, int, const char *, const char *, int);
    void (*free_doc)(xmlDocPtr);
    xmlNodePtr (*root_element)(const xmlDoc *);
    const htmlEntityDesc *(*entity_lookup)(const xmlChar *);
    void (*set_generic_error_func)(void *, xmlGenericErrorFunc);
    xmlCharEncodingHandlerPtr (*find_encoding_handler)(const char *);
    int (*close_encoding_handler)(xmlCharEncodingHandler *);
} xml;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void load(void) {
    const struct folio_symbol symbols[] = {
        {"xmlInitParser", (void **)&xml.init_parser},
        {"htmlReadMemory", (void **)&xml.read_memory},
        {"xmlFreeDoc", (void **)&xml.free_doc},
        {"xmlDocGetRootElement", (void **)&xml.root_element},
        {"htmlEntityLookup", (void **)&xml.entity_lookup},
        {"xmlSetGenericErrorFunc", (void **)&xml.set_generic_error_func},
        {"xmlFindCharEncodingHandler", (void **)&xml.find_encoding_handler},
        {"xmlCharEncCloseFunc", (void **)&xml.close_encoding_handler},
    };
    if (folio_load_library("libxml2.so.2", symbols, sizeof symbols / sizeof symbols[0], load_error, sizeof load_error)) {
        xml.init_parser();
    }
}

const char *folio_xml_load(void) {
    pthread_once(&load_once, load);
    return load_error[0] == 0 ? NULL : load_error;
}

int folio_html_parse_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT
        | HTML_PARSE_IGNORE_ENC;
}

static void ignore_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

void folio_silence_errors(void) {
    xml.set_generic_error_func(NULL, ignore_error);
}

int folio_encoding_is_supported(const char *name) {
    xmlCharEncodingHandlerPtr handler = xml.find_encoding_handler(name);
    if (handler == NULL) {
        return 0;
    }
    xml.close_encoding_handler(handler);
    return 1;
}

htmlDocPtr folio_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    return xml.read_memory(buffer, size, url, encoding, options);
}

void folio_xml_free_doc(xmlDocPtr document) {
    xml.free_doc(document);
}

xmlNodePtr folio_xml_doc_get_root_element(const xmlDoc *document) {
    return xml.root_element(document);
}

const htmlEntityDesc *folio_html_entity_lookup(const xmlChar *name) {
    return xml.entity_lookup(name);
}
