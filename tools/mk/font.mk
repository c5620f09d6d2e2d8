# The screen console's font (arch/x86/platform/bare_metal/font.c): a C header generated
# from Debian's console-setup-linux 8x16 font by tools/font/psf.py, which the
# screenshot check (tests/screen_check.py) reads too. Included by the Makefile.
FONT_H := $(O)/include/generated/font_8x16.h

$(FONT_H): tools/font/psf.py
	$(Q)mkdir -p $(@D)
	$(quiet) "  GEN     $@"
	$(Q)python3 tools/font/psf.py --c-header $@

$(addprefix $(O)/arch/x86/platform/bare_metal/,font.o fbcon.o vgacon.o): $(FONT_H)
