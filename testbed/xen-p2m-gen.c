// SPDX-License-Identifier: GPL-2.0
/*
 * xen-p2m-gen: read a PV domain's p2m export the way a migrating toolstack
 * does, by mapping its shared_info page from dom0.
 *
 * Usage: xen-p2m-gen DOMID
 * Prints one line:
 * "generation=G max_pfn=M frame_list_list=F p2m_vaddr=V pages=P"
 * (P: the pages the domain has now, its allocation).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
/* xc_map_foreign_range() is the interface libxenguest itself uses. */
#define XC_WANT_COMPAT_MAP_FOREIGN_API
#include <xenctrl.h>

int main(int argc, char **argv)
{
	struct arch_shared_info *arch;
	shared_info_t *shinfo;
	xc_dominfo_t info;
	xc_interface *xch;
	char *end;
	long domid;

	if (argc != 2 || (domid = strtol(argv[1], &end, 10), *end) || domid < 1) {
		fprintf(stderr, "usage: %s DOMID (a PV domU)\n", argv[0]);
		return 2;
	}
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch) {
		fprintf(stderr, "xen-p2m-gen: cannot open the Xen control interface: %s\n",
			strerror(errno));
		return 1;
	}
	if (xc_domain_getinfo(xch, domid, 1, &info) != 1 || info.domid != domid) {
		fprintf(stderr, "xen-p2m-gen: no domain %ld\n", domid);
		return 1;
	}
	shinfo = xc_map_foreign_range(xch, domid, XC_PAGE_SIZE, PROT_READ,
				      info.shared_info_frame);
	if (!shinfo) {
		fprintf(stderr, "xen-p2m-gen: cannot map the shared_info of domain %ld: %s\n",
			domid, strerror(errno));
		return 1;
	}
	arch = &shinfo->arch;
	printf("generation=%lu max_pfn=%#lx frame_list_list=%#lx p2m_vaddr=%#lx pages=%lu\n",
	       arch->p2m_generation, arch->max_pfn,
	       arch->pfn_to_mfn_frame_list_list, arch->p2m_vaddr, info.nr_pages);
	munmap(shinfo, XC_PAGE_SIZE);
	xc_interface_close(xch);
	return 0;
}
