#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
// Debian's pkg-config flags for libpcre2-8 do not define the code unit width, and pcre2.h refuses to
// compile without it. We only ever match UTF-8, so the 8-bit library is the one we link.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
