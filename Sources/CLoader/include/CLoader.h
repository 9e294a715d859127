// Loading a shared library on first use: `dlopen` and `dlsym` with the reason of a failure kept
// as text. CCurl and CLibXML2 load libcurl and libxml2 through it.
#ifndef FOLIO_CLOADER_H
#define FOLIO_CLOADER_H

#include <stddef.h>

/// A function to look up: its name in the library, and where to store its address.
struct folio_symbol {
    const char *name;
    void **address;
};

/// Opens the shared library `file` and stores the address of each of the `count` symbols.
/// Returns 1 when all were found; otherwise 0, with the reason in `error` (`size` bytes).
int folio_load_library(const char *file, const struct folio_symbol *symbols, int count, char *error, size_t size);

#endif
