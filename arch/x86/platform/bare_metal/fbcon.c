/*
 * A text console on a linear framebuffer: 8x16 glyphs from the font the
 * build generates (font.c), light grey on black, scrolling.
 *
 * What the screen should show is kept as characters in RAM, next to what
 * it does show; drawing copies only the cells that differ. Scrolling thus
 * never reads the framebuffer (slow, uncached memory on real hardware) and
 * redraws only cells whose character changed, not every pixel.
 */
#include <asm/screen.h>
#include <generated/font_8x16.h>
#include <pvkern/string.h>

/* 2048x2048 pixels of text at most; a larger screen uses its top left. */
#define COLS_MAX 256
#define ROWS_MAX 128

static u8 *base;
static u32 pitch, bytes_pp;
static u32 ink, paper;
static char text[ROWS_MAX][COLS_MAX];  /* what the screen should show */
static char shown[ROWS_MAX][COLS_MAX]; /* what it shows */
static u32 dirty_from = ROWS_MAX, dirty_to; /* rows [from, to) may differ */
static struct text_grid grid;

/* An 8-bit colour channel as a field of size bits at pos. */
static u32 channel(u8 v, u8 pos, u8 size)
{
	return (u32)(v >> (8 - size)) << pos;
}

static u32 colour(const struct boot_fb *fb, u8 r, u8 g, u8 b)
{
	return channel(r, fb->red_pos, fb->red_size) | channel(g, fb->green_pos, fb->green_size) |
	       channel(b, fb->blue_pos, fb->blue_size);
}

static bool field_fits(u8 pos, u8 size, u8 bpp)
{
	return size >= 1 && size <= 8 && pos + size <= bpp;
}

static void put_pixel(u8 *p, u32 v)
{
	switch (bytes_pp) {
	case 4:
		*(volatile u32 *)p = v;
		break;
	case 3:
		p[0] = v;
		p[1] = v >> 8;
		p[2] = v >> 16;
		break;
	default:
		*(volatile u16 *)p = v;
		break;
	}
}

static void draw_cell(u32 row, u32 col, char c)
{
	const u8 *glyph = font_8x16[(u8)c];
	u8 *line = base + (unsigned long)row * FONT_HEIGHT * pitch + col * FONT_WIDTH * bytes_pp;

	for (u32 y = 0; y < FONT_HEIGHT; y++, line += pitch)
		for (u32 x = 0; x < FONT_WIDTH; x++)
			put_pixel(line + x * bytes_pp, glyph[y] & (0x80 >> x) ? ink : paper);
}

static void mark_dirty(u32 from, u32 to)
{
	if (from < dirty_from)
		dirty_from = from;
	if (to > dirty_to)
		dirty_to = to;
}

static void flush(void)
{
	for (u32 r = dirty_from; r < dirty_to; r++)
		for (u32 c = 0; c < grid.cols; c++)
			if (text[r][c] != shown[r][c]) {
				draw_cell(r, c, text[r][c]);
				shown[r][c] = text[r][c];
			}
	dirty_from = ROWS_MAX;
	dirty_to = 0;
}

static void store(u32 row, u32 col, char c)
{
	text[row][col] = c;
	mark_dirty(row, row + 1);
}

static void scroll(void)
{
	memmove(text[0], text[1], (grid.rows - 1) * sizeof(text[0]));
	memset(text[grid.rows - 1], ' ', sizeof(text[0]));
	mark_dirty(0, grid.rows);
}

void fbcon_write(const char *s, size_t n)
{
	while (n--)
		text_grid_put(&grid, *s++);
	flush();
}

const char *fbcon_init(const struct boot_fb *fb)
{
	u64 size = (u64)fb->pitch * fb->height;

	if (fb->bpp != 15 && fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return "framebuffer pixels are not 15, 16, 24 or 32 bits";
	bytes_pp = (fb->bpp + 7) / 8;
	if (!field_fits(fb->red_pos, fb->red_size, fb->bpp) ||
	    !field_fits(fb->green_pos, fb->green_size, fb->bpp) ||
	    !field_fits(fb->blue_pos, fb->blue_size, fb->bpp))
		return "framebuffer colour fields do not fit its pixels";
	if (fb->width < FONT_WIDTH || fb->height < FONT_HEIGHT)
		return "framebuffer smaller than one character";
	if (fb->pitch / bytes_pp < fb->width)
		return "framebuffer pitch shorter than its width";
	/* Both kernels reach physical memory below 4 GiB only. */
	if (!fb->addr || fb->addr >= (1ull << 32) || size > (1ull << 32) - fb->addr)
		return "framebuffer outside the low 4 GiB";

	base = (u8 *)(unsigned long)fb->addr;
	pitch = fb->pitch;
	grid = (struct text_grid){
		.cols = fb->width / FONT_WIDTH < COLS_MAX ? fb->width / FONT_WIDTH : COLS_MAX,
		.rows = fb->height / FONT_HEIGHT < ROWS_MAX ? fb->height / FONT_HEIGHT : ROWS_MAX,
		.store = store,
		.scroll = scroll,
	};
	ink = colour(fb, 0xaa, 0xaa, 0xaa);
	paper = colour(fb, 0, 0, 0);
	/* Whatever the loader left goes: every pixel to paper, once. */
	for (u32 y = 0; y < fb->height; y++)
		for (u32 x = 0; x < fb->width; x++)
			put_pixel(base + (unsigned long)y * pitch + x * bytes_pp, paper);
	memset(text, ' ', sizeof(text));
	memset(shown, ' ', sizeof(shown));
	return NULL;
}
