/*
 * clockshim: LD_PRELOAD library that shifts one JVM's CLOCK_REALTIME and CLOCK_MONOTONIC by two
 * offsets a test changes while the process runs. libfaketime applies one offset to both clocks
 * (and with FAKETIME_DONT_FAKE_MONOTONIC a JVM's timed waits busy-loop), so it cannot show a wall
 * clock stepped under a steady monotonic one, nor a monotonic clock that lost a suspended span
 * while the wall clock kept time. Both are what this does.
 *
 * CLOCKSHIM_FILE names a file of two native-endian int64 (wall offset, monotonic offset; nanos),
 * mapped shared: a write by the test is seen by the next clock read. Timed waits on monotonic
 * condition variables (every relative wait of HotSpot) get their deadline moved by the monotonic
 * offset, so a JVM whose monotonic clock runs behind does not spin.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile int64_t *offsets; /* [0] wall, [1] monotonic */
static int (*real_clock_gettime)(clockid_t, struct timespec *);
static int (*real_cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);

static void init(void) {
    if (real_clock_gettime) return;
    real_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
    real_cond_timedwait = dlvsym(RTLD_NEXT, "pthread_cond_timedwait", "GLIBC_2.3.2");
    if (!real_cond_timedwait) real_cond_timedwait = dlsym(RTLD_NEXT, "pthread_cond_timedwait");
    const char *file = getenv("CLOCKSHIM_FILE");
    if (!file) return;
    int fd = open(file, O_RDONLY);
    if (fd < 0) return;
    void *map = mmap(NULL, 16, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map != MAP_FAILED) offsets = map;
}

static void shift(struct timespec *ts, int64_t nanos) {
    int64_t total = (int64_t) ts->tv_sec * 1000000000LL + ts->tv_nsec + nanos;
    ts->tv_sec = total / 1000000000LL;
    ts->tv_nsec = total % 1000000000LL;
    if (ts->tv_nsec < 0) { ts->tv_nsec += 1000000000LL; ts->tv_sec--; }
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    init();
    int result = real_clock_gettime(clock, ts);
    if (result == 0 && offsets) {
        if (clock == CLOCK_REALTIME) shift(ts, offsets[0]);
        else if (clock == CLOCK_MONOTONIC) shift(ts, offsets[1]);
    }
    return result;
}

/* glibc >= 2.25 keeps the condition variable's clock in bit 1 of __wrefs (1 = CLOCK_MONOTONIC). */
int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *abstime) {
    init();
    if (offsets && abstime) {
        struct timespec real = *abstime;
        int monotonic = (cond->__data.__wrefs & 2) != 0;
        shift(&real, -(monotonic ? offsets[1] : offsets[0]));
        return real_cond_timedwait(cond, mutex, &real);
    }
    return real_cond_timedwait(cond, mutex, abstime);
}
