/*
 * tests/fuzz/replay_main.c — replay files through the fuzz harness.
 *
 * usage: fuzz_replay [--all] PATH...
 *
 * Feeds every regular file named on the command line, and every *.csp file
 * found below a named directory (every file with --all, as for a libFuzzer
 * corpus), to LLVMFuzzerTestOneInput, one call per file. A path that does not exist is skipped with a note (the conformance
 * corpus is optional). This is how the harness is compiled and run in
 * every build, without clang or libFuzzer; crashes show up as a failed
 * test (and, under -Db_sanitize, as sanitizer reports). Exit 0 after
 * replaying at least one file, 1 when nothing could be read, 77 (skipped)
 * when no input exists at all.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned replayed, failed;
static int all_files;

static void replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fputs("fuzz_replay: out of memory\n", stderr);
			exit(70);
		}
		size_t got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(fp);
	/* An exact-size copy, so ASan sees reads one past the input. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		fputs("fuzz_replay: out of memory\n", stderr);
		exit(70);
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	replayed++;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Replay `path`: a file always, a directory's *.csp files recursively. */
static void replay_path(const char *path, int top)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (top)
			fprintf(stderr, "fuzz_replay: %s: not found, skipped\n", path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (top || all_files || has_suffix(path, ".csp"))
			replay_file(path);
		return;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		if (strcmp(e, ".") != 0 && strcmp(e, "..") != 0) {
			size_t len = strlen(path) + strlen(e) + 2;
			char *sub = malloc(len);
			if (!sub) {
				fputs("fuzz_replay: out of memory\n", stderr);
				exit(70);
			}
			snprintf(sub, len, "%s/%s", path, e);
			replay_path(sub, 0);
			free(sub);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "--all") == 0) {
		all_files = 1;
		i++;
	}
	for (; i < argc; i++)
		replay_path(argv[i], 1);
	printf("fuzz_replay: %u file%s replayed, %u unreadable\n", replayed, replayed == 1 ? "" : "s", failed);
	if (failed)
		return 1;
	return replayed ? 0 : 77;
}
