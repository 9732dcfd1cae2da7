/* value.c -- parse and format the typed scalars of the packet format. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

#define FAIL(msg, at) do { *err = (msg); *errcol = (int)(at); return -1; } while (0)

int64_t
val_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
val_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
val_weekday(gh_time t)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t w = (days + 4) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

static int
digits(const char *s, int n, long *out)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return i;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return -1;
}

static bool
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parse YYYY-MM-DD at s; returns chars consumed or -1. */
static int
parse_ymd(const char *s, gh_time *out, const char **err, int *errcol)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y, m, d;
	int bad;

	if ((bad = digits(s, 4, &y)) >= 0)
		FAIL(N_("expected a date as YYYY-MM-DD"), bad);
	if (s[4] != '-')
		FAIL(N_("expected '-' after the year (YYYY-MM-DD)"), 4);
	if ((bad = digits(s + 5, 2, &m)) >= 0)
		FAIL(N_("expected a two-digit month (YYYY-MM-DD)"), 5 + bad);
	if (s[7] != '-')
		FAIL(N_("expected '-' after the month (YYYY-MM-DD)"), 7);
	if ((bad = digits(s + 8, 2, &d)) >= 0)
		FAIL(N_("expected a two-digit day (YYYY-MM-DD)"), 8 + bad);
	if (m < 1 || m > 12)
		FAIL(N_("month out of range 01-12"), 5);
	if (d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		FAIL(N_("day out of range for that month"), 8);
	*out = val_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	return 10;
}

/* Parsers leave *out alone when they fail, so a field keeps its "absent"
 * marker and no later check works on half a value. */
int
val_parse_date(const char *s, gh_time *out, const char **err, int *errcol)
{
	gh_time day;

	if (parse_ymd(s, &day, err, errcol) < 0)
		return -1;
	if (s[10] != '\0')
		FAIL(N_("unexpected text after the date"), 10);
	*out = day;
	return 0;
}

int
val_parse_time(const char *s, gh_time *out, bool *date_only, const char **err,
    int *errcol)
{
	long hh, mm, ss = 0, oh, om;
	int i = 11, bad;
	gh_time day, t;

	if (parse_ymd(s, &day, err, errcol) < 0)
		return -1;
	*date_only = s[10] == '\0';
	if (*date_only) {
		*out = day;
		return 0;
	}
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		FAIL(N_("expected 'T' between date and time (YYYY-MM-DDThh:mm:ssZ)"), 10);
	if ((bad = digits(s + i, 2, &hh)) >= 0 || s[i + 2] != ':')
		FAIL(N_("expected hh:mm after the date"), i + (bad >= 0 ? bad : 2));
	if ((bad = digits(s + i + 3, 2, &mm)) >= 0)
		FAIL(N_("expected two-digit minutes"), i + 3 + bad);
	i += 5;
	if (s[i] == ':') {
		if ((bad = digits(s + i + 1, 2, &ss)) >= 0)
			FAIL(N_("expected two-digit seconds"), i + 1 + bad);
		i += 3;
		if (s[i] == '.') {	/* fractional seconds are dropped */
			i++;
			while (isdigit((unsigned char)s[i]))
				i++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 60)
		FAIL(N_("time of day out of range"), 11);
	t = day + hh * 3600 + mm * 60 + ss;
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int sign = s[i] == '-' ? -1 : 1;

		if ((bad = digits(s + i + 1, 2, &oh)) >= 0 || s[i + 3] != ':' ||
		    (bad = digits(s + i + 4, 2, &om)) >= 0)
			FAIL(N_("expected a UTC offset as +hh:mm"), i);
		if (oh > 14 || om > 59)
			FAIL(N_("UTC offset out of range"), i);
		t -= sign * (oh * 3600 + om * 60);
		i += 6;
	} else {
		FAIL(N_("time needs a zone: end it with Z (UTC) or +hh:mm"), i);
	}
	if (s[i] != '\0')
		FAIL(N_("unexpected text after the time"), i);
	*out = t;
	return 0;
}

static int64_t
unit_seconds(char c)
{
	switch (c) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 7 * 86400;
	default: return 0;
	}
}

static int
parse_iso_duration(const char *s, gh_dur *out, const char **err, int *errcol)
{
	bool in_time = false, any = false;
	int64_t total = 0;
	int i = 1;

	while (s[i]) {
		int64_t v = 0, mul;
		int start = i;

		if (s[i] == 'T' && !in_time) {
			in_time = true;
			i++;
			continue;
		}
		while (isdigit((unsigned char)s[i])) {
			if (v > INT64_MAX / 10 - 10)
				FAIL(N_("duration too large"), start);
			v = v * 10 + (s[i++] - '0');
		}
		if (i == start)
			FAIL(N_("expected a number in the ISO 8601 duration"), i);
		switch (s[i]) {
		case 'W': mul = in_time ? 0 : 7 * 86400; break;
		case 'D': mul = in_time ? 0 : 86400; break;
		case 'H': mul = in_time ? 3600 : 0; break;
		case 'M': mul = in_time ? 60 : 0; break;
		case 'S': mul = in_time ? 1 : 0; break;
		default: mul = 0;
		}
		if (mul == 0)
			FAIL(N_("unknown or misplaced ISO 8601 duration unit (use W, D, TnH, TnM, TnS)"), i);
		if (v > INT64_MAX / mul || total > INT64_MAX - v * mul)
			FAIL(N_("duration too large"), start);
		total += v * mul;
		any = true;
		i++;
	}
	if (!any)
		FAIL(N_("empty ISO 8601 duration"), 1);
	*out = total;
	return 0;
}

int
val_parse_duration(const char *s, gh_dur *out, const char **err, int *errcol)
{
	int64_t total = 0;
	int i = 0;
	int64_t last_unit = INT64_MAX;

	if (s[0] == 'P')
		return parse_iso_duration(s, out, err, errcol);
	if (s[0] == '\0')
		FAIL(N_("empty duration"), 0);
	while (s[i]) {
		int64_t v = 0, mul;
		int start = i;

		if (s[i] == '-')
			FAIL(N_("durations cannot be negative"), i);
		while (isdigit((unsigned char)s[i])) {
			if (v > INT64_MAX / 10 - 10)
				FAIL(N_("duration too large"), start);
			v = v * 10 + (s[i++] - '0');
		}
		if (i == start)
			FAIL(N_("expected a number followed by a unit (s, m, h, d, w), e.g. 72h"), i);
		mul = unit_seconds(s[i]);
		if (s[i] == '\0')
			FAIL(N_("duration needs a unit: s, m, h, d or w (e.g. 72h, 14d)"), i);
		if (mul == 0)
			FAIL(N_("unknown duration unit (use s, m, h, d or w)"), i);
		if (mul >= last_unit)
			FAIL(N_("duration units must go from largest to smallest (e.g. 1d12h)"), i);
		last_unit = mul;
		if (v > INT64_MAX / mul || total > INT64_MAX - v * mul)
			FAIL(N_("duration too large"), start);
		total += v * mul;
		i++;
	}
	*out = total;
	return 0;
}

int
val_parse_version(const char *s, struct gh_version *out, const char **err,
    int *errcol)
{
	struct gh_version ver;
	int i = 0;

	memset(&ver, 0, sizeof ver);
	if (s[0] == 'v' || s[0] == 'V')
		i++;
	for (;;) {
		long v = 0;
		int start = i;

		while (isdigit((unsigned char)s[i])) {
			if (v > (LONG_MAX - 9) / 10 || i - start > 9)
				FAIL(N_("version component too large"), start);
			v = v * 10 + (s[i++] - '0');
		}
		if (i == start)
			FAIL(N_("expected a version like 17, 16.4 or 42.7.4"), i);
		if (ver.n == GH_VERSION_PARTS)
			FAIL(N_("a version has at most four components"), start);
		ver.part[ver.n++] = v;
		if (s[i] == '\0')
			break;
		if (s[i] != '.')
			FAIL(N_("unexpected character in version (expected digits and dots)"), i);
		i++;
	}
	ver.text = s;
	*out = ver;
	return 0;
}

int
val_version_cmp(const struct gh_version *a, const struct gh_version *b)
{
	int i, n = a->n > b->n ? a->n : b->n;

	for (i = 0; i < n; i++) {
		long x = i < a->n ? a->part[i] : 0, y = i < b->n ? b->part[i] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int
val_parse_size(const char *s, gh_size *out, const char **err, int *errcol)
{
	static const struct { const char *u; double mul; } units[] = {
		{ "B", 1 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 },
		{ "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
		{ "TiB", 1099511627776.0 }, { "", 1 },
	};
	char *end;
	double v;
	size_t k;

	if (!isdigit((unsigned char)s[0]))
		FAIL(N_("expected a size like 42GiB or 500MB"), 0);
	errno = 0;
	v = strtod(s, &end);
	if (errno || v < 0)
		FAIL(N_("size out of range"), 0);
	while (*end == ' ')
		end++;
	for (k = 0; k < GH_ARRAY_SIZE(units); k++) {
		if (strcmp(end, units[k].u) == 0) {
			double b = v * units[k].mul;

			if (b > 9.0e18)
				FAIL(N_("size out of range"), 0);
			*out = (gh_size)b;
			return 0;
		}
	}
	FAIL(N_("unknown size unit (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)"), end - s);
}

void
val_format_date(gh_time t, struct buf *out)
{
	int64_t y, days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	unsigned m, d;

	val_civil_from_days(days, &y, &m, &d);
	buf_printf(out, "%04lld-%02u-%02u", (long long)y, m, d);
}

void
val_format_time(gh_time t, bool date_only, struct buf *out)
{
	int64_t secs = ((t % 86400) + 86400) % 86400;

	val_format_date(t, out);
	if (date_only)
		return;
	buf_printf(out, "T%02d:%02d:%02dZ", (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60));
}

void
val_format_duration(gh_dur d, struct buf *out)
{
	static const struct { char u; int64_t s; } units[] = {
		{ 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
	};
	size_t k;

	if (d == 0) {
		buf_puts(out, "0h");
		return;
	}
	if (d < 0) {
		buf_putc(out, '-');
		d = -d;
	}
	for (k = 0; k < GH_ARRAY_SIZE(units); k++) {
		if (d >= units[k].s) {
			buf_printf(out, "%lld%c", (long long)(d / units[k].s), units[k].u);
			d %= units[k].s;
		}
	}
}

void
val_format_size(gh_size s, struct buf *out)
{
	static const char *u[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)s;
	size_t k = 0;

	while (v >= 1024 && k + 1 < GH_ARRAY_SIZE(u)) {
		v /= 1024;
		k++;
	}
	if (v == (double)(int64_t)v)
		buf_printf(out, "%lld%s", (long long)v, u[k]);
	else
		buf_printf(out, "%.1f%s", v, u[k]);
}

void
val_format_version(const struct gh_version *v, struct buf *out)
{
	int i;

	for (i = 0; i < v->n; i++)
		buf_printf(out, i ? ".%ld" : "%ld", v->part[i]);
}
