/*
 * A text console on VGA text memory: 16-bit cells (character, attribute),
 * light grey on black, scrolling. The card draws the characters from the
 * font in its plane 2; the console puts its own ASCII glyphs there, so that
 * the screen looks the same on every card and as on a framebuffer.
 */
#include <asm/io.h>
#include <asm/screen.h>
#include <generated/font_8x16.h>
#include <pvkern/string.h>

#define ATTR_GREY_ON_BLACK 0x07
#define BLANK ((u16)(ATTR_GREY_ON_BLACK << 8 | ' '))
#define VGA_CRTC_INDEX 0x3d4
#define VGA_CRTC_DATA 0x3d5
#define VGA_CRTC_CURSOR_START 0x0a
#define VGA_CURSOR_OFF 0x20

/* Sequencer and graphics controller registers for reaching plane 2. */
#define VGA_SEQ_INDEX 0x3c4
#define VGA_SEQ_DATA 0x3c5
#define VGA_SEQ_RESET 0x00
#define VGA_SEQ_MAP_MASK 0x02
#define VGA_SEQ_MEMORY_MODE 0x04
#define VGA_GC_INDEX 0x3ce
#define VGA_GC_DATA 0x3cf
#define VGA_GC_READ_MAP 0x04
#define VGA_GC_MODE 0x05
#define VGA_GC_MISC 0x06
#define VGA_PLANE_WINDOW 0xa0000
#define VGA_GLYPH_STRIDE 32 /* bytes per character in plane 2 */

static volatile u16 *cells;
static struct text_grid grid;

static void store(u32 row, u32 col, char c)
{
	cells[row * grid.cols + col] = ATTR_GREY_ON_BLACK << 8 | (u8)c;
}

static void scroll(void)
{
	u32 cols = grid.cols, rows = grid.rows;

	for (u32 i = 0; i < (rows - 1) * cols; i++)
		cells[i] = cells[i + cols];
	for (u32 i = (rows - 1) * cols; i < rows * cols; i++)
		cells[i] = BLANK;
}

void vgacon_write(const char *s, size_t n)
{
	while (n--)
		text_grid_put(&grid, *s++);
}

static void seq(u8 reg, u8 v)
{
	outb(VGA_SEQ_INDEX, reg);
	outb(VGA_SEQ_DATA, v);
}

static void gc(u8 reg, u8 v)
{
	outb(VGA_GC_INDEX, reg);
	outb(VGA_GC_DATA, v);
}

/*
 * Plane 2 holds the glyphs, reachable only with the card switched from text
 * addressing (odd/even planes at 0xb8000) to flat plane 2 at 0xa0000, and
 * back: the register values of the standard text mode 3.
 */
static void load_font(void)
{
	volatile u8 *plane = (volatile u8 *)VGA_PLANE_WINDOW;

	seq(VGA_SEQ_RESET, 0x01);       /* synchronous reset while switching */
	seq(VGA_SEQ_MAP_MASK, 0x04);    /* write plane 2 only */
	seq(VGA_SEQ_MEMORY_MODE, 0x07); /* sequential addressing */
	seq(VGA_SEQ_RESET, 0x03);
	gc(VGA_GC_READ_MAP, 0x02);
	gc(VGA_GC_MODE, 0x00);          /* no odd/even */
	gc(VGA_GC_MISC, 0x04);          /* 64 KiB at 0xa0000 */
	for (u32 c = 0; c < FONT_GLYPHS; c++)
		for (u32 y = 0; y < VGA_GLYPH_STRIDE; y++)
			plane[c * VGA_GLYPH_STRIDE + y] = y < FONT_HEIGHT ? font_8x16[c][y] : 0;
	seq(VGA_SEQ_RESET, 0x01);
	seq(VGA_SEQ_MAP_MASK, 0x03);    /* text: planes 0 and 1 */
	seq(VGA_SEQ_MEMORY_MODE, 0x03); /* odd/even */
	seq(VGA_SEQ_RESET, 0x03);
	gc(VGA_GC_READ_MAP, 0x00);
	gc(VGA_GC_MODE, 0x10);
	gc(VGA_GC_MISC, 0x0e);          /* 32 KiB at 0xb8000, odd/even */
}

const char *vgacon_init(const struct boot_fb *fb)
{
	u32 cols = fb->width, rows = fb->height;

	if (fb->bpp != 16 || fb->pitch != fb->width * 2)
		return "VGA text cells are not 16 bits in a row";
	if (!fb->width || fb->width > 256 || !fb->height || fb->height > 256)
		return "VGA text size out of range (1..256 by 1..256)";
	if (fb->addr >= (1ull << 20))
		return "VGA text memory above 1 MiB";
	cells = (volatile u16 *)(unsigned long)fb->addr;
	grid = (struct text_grid){ .cols = cols, .rows = rows, .store = store, .scroll = scroll };
	for (u32 i = 0; i < rows * cols; i++)
		cells[i] = BLANK;
	/* A machine without VGA (QEMU -vga none, a legacy-free PC) has nothing here. */
	if (cells[0] != BLANK || cells[rows * cols - 1] != BLANK) {
		cells = NULL;
		return "nothing answers at the VGA text address";
	}
	/* Only at the standard address is this a VGA card's own text mode. */
	if (fb->addr == VGA_TEXT_ADDR)
		load_font();
	/* The firmware's cursor would sit on the text. */
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_START);
	outb(VGA_CRTC_DATA, VGA_CURSOR_OFF);
	return NULL;
}
