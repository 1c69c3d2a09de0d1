/*
 * p2m-round: what a round of the PV sender's p2m bookkeeping costs (the Xen
 * tools series, tools/libs/guest/xg_sr_pv_p2m.c, linked in), on synthetic
 * p2m tables of guests of several sizes, with 0, 1 and 64 p2m frames
 * changed in the round. No Xen needed.
 *
 * Per guest size and number of changed frames it prints one line:
 *   size_gib=S changed=K round_ns=T frames=F
 * and per size: the cost of a remap (the whole p2m compared with what was
 * sent), the memory of the as-sent copy, the floor (a plain memcmp() of the
 * changed frames against a copy; each frame differs only in its last
 * entries, so memcmp() reads all of it) and, for scale, the walk every
 * round of the stock sender already makes (a test_bit() per pfn of the
 * dirty bitmap, send_dirty_pages()).
 * Usage: p2m-round REPEATS
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xg_sr_pv_p2m.h"

#define FPP 512                         /* 8-byte entries per p2m frame */

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    static const unsigned int sizes_gib[] = { 1, 16, 128, 512 };
    static const unsigned int changed[] = { 0, 1, 64 };
    unsigned int repeats = argc > 1 ? atoi(argv[1]) : 31, s, c, r, k;
    double *t = calloc(repeats, sizeof(*t));

    if ( !t || repeats == 0 )
        errx(2, "usage: %s REPEATS", argv[0]);

    for ( s = 0; s < sizeof(sizes_gib) / sizeof(*sizes_gib); ++s )
    {
        xen_pfn_t n = (xen_pfn_t)sizes_gib[s] << 18, pfn, marked = 0;
        unsigned int frames = n / FPP;
        struct xc_sr_sent_p2m sent = { 0 };
        uint64_t *p2m = malloc(n * sizeof(*p2m));
        xen_pfn_t *frame_pfns = malloc(frames * sizeof(*frame_pfns));
        unsigned long *dirty = bitmap_alloc(n), *mark = bitmap_alloc(n);
        double t0, remap_ns, floor_ns = 0;

        if ( !p2m || !frame_pfns || !dirty || !mark || sent_p2m_grow(&sent, n) )
            err(1, "allocating a %u GiB guest", sizes_gib[s]);

        for ( pfn = 0; pfn < n; ++pfn )
        {
            p2m[pfn] = 0x1000000 + pfn;
            sent_p2m_record(&sent, pfn, p2m[pfn]);
        }
        /* The p2m frames sit at the top of the guest, as allocated at boot. */
        for ( k = 0; k < frames; ++k )
            frame_pfns[k] = n - frames + k;

        for ( c = 0; c < sizeof(changed) / sizeof(*changed); ++c )
        {
            /* Change the last 8 entries of each of 'changed[c]' frames
             * spread over the p2m, and mark those frames dirty, as
             * log-dirty would. */
            bitmap_clear(dirty, n);
            for ( k = 0; k < changed[c]; ++k )
            {
                unsigned int f = (unsigned long)k * frames / changed[c], e;

                for ( e = 0; e < 8; ++e )
                    p2m[(xen_pfn_t)f * FPP + FPP - 1 - e] ^= 0x80000;
                set_bit(frame_pfns[f], dirty);
            }

            for ( r = 0; r < repeats; ++r )
            {
                t0 = now_ns();
                marked = sent_p2m_diff_dirty_frames(&sent, p2m, 8, frame_pfns,
                                                    frames, dirty, n, mark);
                t[r] = now_ns() - t0;
            }
            printf("size_gib=%u changed=%u round_ns=%.0f frames=%u marked_first=%lu\n",
                   sizes_gib[s], changed[c], median(t, repeats), frames,
                   (unsigned long)marked);

            if ( changed[c] )
            {
                /* The floor: compare the changed frames with a copy. */
                for ( r = 0; r < repeats; ++r )
                {
                    volatile int sink = 0;

                    t0 = now_ns();
                    for ( k = 0; k < changed[c]; ++k )
                    {
                        xen_pfn_t f = (unsigned long)k * frames / changed[c];

                        sink += memcmp(&p2m[f * FPP], &sent.gfn[f * FPP],
                                       FPP * sizeof(*p2m));
                    }
                    t[r] = now_ns() - t0;
                }
                floor_ns = median(t, repeats);
                printf("size_gib=%u changed=%u memcmp_ns=%.0f\n",
                       sizes_gib[s], changed[c], floor_ns);
            }
        }

        /* What the stock sender's round already costs: its dirty walk. */
        for ( r = 0; r < 3; ++r )
        {
            volatile unsigned long sink = 0;

            t0 = now_ns();
            for ( pfn = 0; pfn < n; ++pfn )
                if ( test_bit(pfn, dirty) )
                    ++sink;
            t[r] = now_ns() - t0;
        }
        printf("size_gib=%u stock_walk_ns=%.0f\n", sizes_gib[s], median(t, 3));

        /* A remap compares the whole p2m with what was sent, once. */
        for ( r = 0; r < 3; ++r )
        {
            t0 = now_ns();
            sent_p2m_diff(&sent, p2m, 8, 0, n, mark);
            t[r] = now_ns() - t0;
        }
        remap_ns = median(t, 3);
        printf("size_gib=%u remap_ns=%.0f sent_copy_bytes=%lu\n", sizes_gib[s],
               remap_ns, (unsigned long)(n * sizeof(*sent.gfn)));

        sent_p2m_free(&sent);
        free(p2m);
        free(frame_pfns);
        free(dirty);
        free(mark);
    }

    free(t);
    return 0;
}
