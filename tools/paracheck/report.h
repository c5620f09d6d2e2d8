/* Formatting shared by the tools: clobber masks, byte strings, JSON strings. */
#ifndef PVTOOLS_REPORT_H
#define PVTOOLS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arch_model.h"

/* "rax,rcx", "any" (every clobber bit), "none"; unknown bits as "+0x200". */
void format_clobbers(const struct pvt_arch *a, unsigned int mask, char *buf, size_t size);
/* "ff 14 25 30 50 10 00" (sep " ") or "ff142530501000" (sep ""). */
void format_bytes(const uint8_t *b, size_t len, const char *sep, char *buf, size_t size);
/* The clobber bit of a register Capstone names, or 0 if it has none. */
unsigned int clobber_bit(const struct pvt_arch *a, const char *reg);
/* s as a JSON string literal, quotes included. */
void json_string(FILE *f, const char *s);

#endif
