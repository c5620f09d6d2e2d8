/*
 * Little-endian values at any alignment, from byte buffers that come from
 * outside (firmware tables, boot structures).
 */
#ifndef PVKERN_UNALIGNED_H
#define PVKERN_UNALIGNED_H

#include <pvkern/types.h>

static inline u16 get_le16(const u8 *p)
{
	return p[0] | (u16)p[1] << 8;
}

static inline u32 get_le32(const u8 *p)
{
	return get_le16(p) | (u32)get_le16(p + 2) << 16;
}

static inline u64 get_le64(const u8 *p)
{
	return get_le32(p) | (u64)get_le32(p + 4) << 32;
}

#endif
