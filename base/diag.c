/*
 * base/diag.c — printing diagnostics.
 *
 * The source line is never trusted: it may be binary, have no newline or
 * be megabytes long. show_line() therefore prints a bounded window
 * (DIAG_WINDOW bytes) and sanitises every byte it prints.
 */
#include "base/diag.h"

#include <stdint.h>
#include <string.h>

#define DIAG_WINDOW 120

void diag_init(struct diag *d, const struct source_set *src, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->src = src;
	d->out = out ? out : stderr;
	d->limit = 100;
	d->show_source = true;
}

/* Length of a valid, printable UTF-8 sequence at s (n bytes left), or 0.
 * Overlong forms, surrogates, code points past U+10FFFF and the C1
 * controls (U+0080..U+009F, which terminals act on) are not valid here. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

void diag_write_safe(FILE *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
			fputc((int)c, out);
			i++;
			continue;
		}
		size_t u = c >= 0x80 ? utf8_len(s + i, n - i) : 0;
		if (u) {
			fwrite(s + i, 1, u, out);
			i += u;
		} else {
			fputc('?', out);
			i++;
		}
	}
}

/* Display width of s[0..n) as diag_write_safe prints it (tabs count 1). */
static size_t display_width(const unsigned char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		size_t u = s[i] >= 0x80 ? utf8_len(s + i, n - i) : 0;
		i += u ? u : 1;
		w++;
	}
	return w;
}

static void show_line(struct diag *d, struct span at, uint32_t line, uint32_t col)
{
	size_t len;
	const char *text = source_line(d->src, at.file, line, &len);
	size_t c0 = col - 1; /* byte offset of the span in the line */
	if (c0 > len)
		c0 = len;
	size_t from = 0, to = len;
	if (len > DIAG_WINDOW) {
		from = c0 > DIAG_WINDOW / 2 ? c0 - DIAG_WINDOW / 2 : 0;
		/* do not start inside a UTF-8 sequence */
		while (from > 0 && ((unsigned char)text[from] & 0xc0) == 0x80)
			from--;
		to = from + DIAG_WINDOW < len ? from + DIAG_WINDOW : len;
	}
	size_t width = at.end > at.start ? at.end - at.start : 1;
	if (c0 + width > to)
		width = to > c0 ? to - c0 : 1;

	char num[16];
	int nw = snprintf(num, sizeof num, "%u", line);
	fprintf(d->out, " %s | ", num);
	if (from > 0)
		fputs("...", d->out);
	diag_write_safe(d->out, text + from, to - from);
	if (to < len)
		fputs("...", d->out);
	fputc('\n', d->out);

	fprintf(d->out, " %*s | ", nw, "");
	if (from > 0)
		fputs("   ", d->out);
	for (size_t i = from; i < c0; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x80) {
			size_t u = utf8_len((const unsigned char *)text + i, c0 - i);
			if (u)
				i += u - 1;
		}
		fputc(c == '\t' ? '\t' : ' ', d->out);
	}
	size_t carets = display_width((const unsigned char *)text + c0, width);
	if (carets == 0)
		carets = 1;
	if (carets > DIAG_WINDOW)
		carets = DIAG_WINDOW;
	fputc('^', d->out);
	for (size_t i = 1; i < carets; i++)
		fputc('~', d->out);
	fputc('\n', d->out);
}

static const char *level_word(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "error";
}

static const char *level_color(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR:
		return "\033[1;31m";
	case DIAG_WARNING:
		return "\033[1;35m";
	case DIAG_NOTE:
		return "\033[1;36m";
	}
	return "";
}

void diag_vreport(struct diag *d, enum diag_level level, struct span at, const char *fmt, va_list ap)
{
	if (level == DIAG_ERROR) {
		d->errors++;
		if (d->limit && d->errors > d->limit) {
			if (d->errors == d->limit + 1)
				fprintf(d->out, "cspcheck: too many errors, stopping after %u\n", d->limit);
			return;
		}
	} else if (level == DIAG_WARNING) {
		d->warnings++;
	} else if (d->limit && d->errors > d->limit) {
		return;
	}
	const struct source_file *f = source_file(d->src, at.file);
	uint32_t line, col;
	if (at.start > f->len)
		at.start = (uint32_t)f->len;
	if (at.end < at.start)
		at.end = at.start;
	source_linecol(d->src, at.file, at.start, &line, &col);
	/* Spans that run past the end of their first line underline to its end. */
	uint32_t eline, ecol;
	source_linecol(d->src, at.file, at.end > at.start ? at.end - 1 : at.start, &eline, &ecol);
	if (eline != line) {
		size_t len;
		source_line(d->src, at.file, line, &len);
		at.end = at.start + (uint32_t)(len + 1 > col ? len + 1 - col : 1);
	}
	diag_write_safe(d->out, f->path, strlen(f->path));
	fprintf(d->out, ":%u:%u: ", line, col);
	if (d->color)
		fprintf(d->out, "%s%s:\033[0m ", level_color(level), level_word(level));
	else
		fprintf(d->out, "%s: ", level_word(level));
	/* Format into a buffer so the message itself is sanitised too. */
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	diag_write_safe(d->out, buf, strlen(buf));
	fputc('\n', d->out);
	if (d->show_source)
		show_line(d, at, line, col);
}

void diag_report(struct diag *d, enum diag_level level, struct span at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(d, level, at, fmt, ap);
	va_end(ap);
}

void diag_plain(struct diag *d, const char *fmt, ...)
{
	d->errors++;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fputs("cspcheck: error: ", d->out);
	diag_write_safe(d->out, buf, strlen(buf));
	fputc('\n', d->out);
}
