/*
 * base/barrier.c — a barrier that spins before it sleeps (see barrier.h).
 */
#include "base/barrier.h"

#include "base/mem.h"

void barrier_init(struct barrier *b, uint32_t n, uint32_t spin)
{
	ALWAYS(n > 0);
	b->n = n;
	b->spin = spin;
	atomic_init(&b->arrived, 0);
	atomic_init(&b->gen, 0);
	if (pthread_mutex_init(&b->mu, NULL) != 0 || pthread_cond_init(&b->cv, NULL) != 0)
		base_internal_error("barrier: cannot initialise a mutex or condition variable");
}

void barrier_destroy(struct barrier *b)
{
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
}

static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

void barrier_wait(struct barrier *b)
{
	uint32_t g = atomic_load_explicit(&b->gen, memory_order_acquire);
	/* acq_rel: the last to arrive sees what every earlier one wrote (the
	 * increments form one release sequence) */
	if (atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel) + 1 == b->n) {
		/* nobody arrives again before gen moves, so the count can be
		 * reset first */
		atomic_store_explicit(&b->arrived, 0, memory_order_relaxed);
		pthread_mutex_lock(&b->mu);
		atomic_store_explicit(&b->gen, g + 1, memory_order_release);
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		return;
	}
	for (uint32_t k = 0; k < b->spin; k++) {
		if (atomic_load_explicit(&b->gen, memory_order_acquire) != g)
			return;
		relax();
	}
	pthread_mutex_lock(&b->mu);
	while (atomic_load_explicit(&b->gen, memory_order_acquire) == g)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
}
