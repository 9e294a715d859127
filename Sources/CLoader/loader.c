#include "CLoader.h"

#include <dlfcn.h>
#include <stdio.h>

int folio_load_library(const char *file, const struct folio_symbol *symbols, int count, char *error, size_t size) {
    void *library = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason != NULL ? reason : file);
        return 0;
    }
    for (int index = 0; index < count; index++) {
        *symbols[index].address = dlsym(library, symbols[index].name);
        if (*symbols[index].address == NULL) {
            snprintf(error, size, "%s has no %s", file, symbols[index].name);
            return 0;
        }
    }
    return 1;
}
