/*
 * The screen console of the bare-metal platform: what the loader says the
 * screen is (a struct boot_fb in the boot information), and the console
 * that draws there, mirrored with the serial port.
 */
#ifndef ASM_SCREEN_H
#define ASM_SCREEN_H

#include <pvkern/types.h>

enum boot_fb_type {
	BOOT_FB_NONE,     /* no screen the kernel can draw on */
	BOOT_FB_RGB,      /* a linear framebuffer of direct-colour pixels */
	BOOT_FB_VGA_TEXT, /* VGA text mode: 16-bit character cells */
	BOOT_FB_INDEXED,  /* a palette framebuffer: not drawn on */
};

struct boot_fb {
	u64 addr;          /* physical address of the first pixel or cell */
	u32 pitch;         /* bytes per line of pixels (or of cells) */
	u32 width, height; /* in pixels (BOOT_FB_RGB) or characters (VGA text) */
	u8 bpp;            /* bits per pixel (or 16 per cell) */
	u8 type;           /* enum boot_fb_type */
	/* BOOT_FB_RGB: where each colour sits in a pixel, and how many bits */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* The screen a multiboot1 loader leaves when it reports none: VGA text. */
#define VGA_TEXT_ADDR 0xb8000
#define VGA_TEXT_COLS 80
#define VGA_TEXT_ROWS 25

/* Start the console on fb, or say in the log why there is none. */
void screen_init(const struct boot_fb *fb);
/* The bare-metal console: COM1 and the screen. */
void screen_and_serial_write(const char *s, size_t n);
/* With the screen.hold boot option, wait for a byte on COM1 (after the
 * verdict, so that a screenshot can be taken before the run ends). */
void screen_hold(void);

/* A screen of character cells and its cursor, as both drivers keep it. */
struct text_grid {
	u32 cols, rows, cx, cy;
	/* Shows c (printable ASCII) in a cell. */
	void (*store)(u32 row, u32 col, char c);
	/* Moves every row up by one and blanks the last. */
	void (*scroll)(void);
};
/* Writes one character at the cursor, following the console's rules. */
void text_grid_put(struct text_grid *g, char c);

/* The drivers: init says why it cannot drive fb (NULL when it can). */
const char *fbcon_init(const struct boot_fb *fb);
void fbcon_write(const char *s, size_t n);
const char *vgacon_init(const struct boot_fb *fb);
void vgacon_write(const char *s, size_t n);

#endif
