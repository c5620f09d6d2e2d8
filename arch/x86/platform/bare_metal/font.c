/* The screen console's glyphs, generated at build time (tools/mk/font.mk). */
#define FONT_8X16_DEFINE
#include <generated/font_8x16.h>
