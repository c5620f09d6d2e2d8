/*
 * The cursor rules both screen drivers follow (asm/screen.h): newline,
 * carriage return, tabs to every eighth column, wrapping at the right
 * edge and scrolling at the bottom; anything but printable ASCII shows
 * as '?', which is all the font has.
 */
#include <asm/screen.h>

static void newline(struct text_grid *g)
{
	g->cx = 0;
	if (++g->cy < g->rows)
		return;
	g->scroll();
	g->cy = g->rows - 1;
}

void text_grid_put(struct text_grid *g, char c)
{
	switch (c) {
	case '\n':
		newline(g);
		return;
	case '\r':
		g->cx = 0;
		return;
	case '\t':
		do
			text_grid_put(g, ' ');
		while (g->cx % 8);
		return;
	}
	if (g->cx == g->cols)
		newline(g);
	g->store(g->cy, g->cx++, c >= 0x20 && c < 0x7f ? c : '?');
}
