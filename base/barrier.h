/*
 * base/barrier.h — a barrier for the search's worker threads that spins
 * a little before it sleeps.
 *
 * The threaded search (checker/check.c) meets at a barrier twice per
 * phase, four phases per super-batch: thousands of times a second, with
 * phases of about a millisecond whose ends are microseconds apart. A
 * pthread barrier puts every early thread to sleep and wakes it through
 * the kernel (tens of microseconds in a virtual machine, and a context
 * switch each time). Here a waiting thread first watches the barrier's
 * generation for up to `spin` rounds, and only then sleeps on a condition
 * variable; the last thread to arrive opens the barrier for both kinds.
 * With more threads than cores, spinning only takes time from the thread
 * being waited for: give spin 0 then.
 */
#ifndef BASE_BARRIER_H
#define BASE_BARRIER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct barrier {
	uint32_t n;                 /* threads that meet */
	uint32_t spin;              /* rounds a thread watches before it sleeps */
	_Atomic uint32_t arrived;   /* threads at the barrier this generation */
	_Atomic uint32_t gen;       /* opened so many times */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

void barrier_init(struct barrier *b, uint32_t n, uint32_t spin);
void barrier_destroy(struct barrier *b);
/* Wait until all n threads have called barrier_wait for this generation.
 * Everything a thread wrote before it arrived is visible to every thread
 * after it leaves. */
void barrier_wait(struct barrier *b);

#endif
