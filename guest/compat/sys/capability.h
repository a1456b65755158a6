/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The four libcap calls tools/testing/selftests/iommu/iommufd.c makes
 * (dropping CAP_IPC_LOCK from the effective set), on the raw capget() and
 * capset() system calls: Debian has no arm64 cross libcap, and the guest
 * runs as root with every capability, so nothing else is needed.
 */
#ifndef GUEST_COMPAT_SYS_CAPABILITY_H
#define GUEST_COMPAT_SYS_CAPABILITY_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

typedef int cap_value_t;
typedef enum { CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE } cap_flag_t;
typedef enum { CAP_CLEAR, CAP_SET } cap_flag_value_t;

struct guest_cap {
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
};
typedef struct guest_cap *cap_t;

static inline cap_t cap_get_proc(void)
{
	cap_t c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &c->hdr, c->data)) {
		free(c);
		return NULL;
	}
	return c;
}

static inline int cap_set_flag(cap_t c, cap_flag_t flag, int n,
			       const cap_value_t *caps, cap_flag_value_t set)
{
	int i;

	for (i = 0; i < n; i++) {
		struct __user_cap_data_struct *d = &c->data[caps[i] / 32];
		__u32 bit = 1U << (caps[i] % 32), *w;

		if (caps[i] < 0 || caps[i] / 32 >= _LINUX_CAPABILITY_U32S_3) {
			errno = EINVAL;
			return -1;
		}
		w = flag == CAP_EFFECTIVE ? &d->effective :
		    flag == CAP_PERMITTED ? &d->permitted : &d->inheritable;
		*w = set == CAP_SET ? *w | bit : *w & ~bit;
	}
	return 0;
}

static inline int cap_set_proc(cap_t c)
{
	return syscall(SYS_capset, &c->hdr, c->data) ? -1 : 0;
}

static inline int cap_free(void *c)
{
	free(c);
	return 0;
}

#endif
