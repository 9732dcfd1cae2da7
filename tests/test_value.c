/* test_value.c -- the typed scalars of value.c: dates, times, durations,
 * versions and sizes (every error and its column), the formatters, and
 * the civil-date arithmetic. */
#include <config.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "value.h"

#define DAY 86400LL

/* ---- helpers ------------------------------------------------------------ */

static void
expect_date(const char *s, int64_t days, const char *srcfile, int line)
{
	const char *err = NULL;
	int col = -1;
	gh_time t = 0;

	if (val_parse_date(s, &t, &err, &col) != 0) {
		print_error("'%s': %s at %d\n", s, err, col);
		_fail(srcfile, line);
	}
	if (t != days * DAY) {
		print_error("'%s': %lld, expected %lld\n", s, (long long)t,
		    (long long)(days * DAY));
		_fail(srcfile, line);
	}
}
#define DATE_OK(s, days) expect_date((s), (days), __FILE__, __LINE__)

/* Parser p rejects s with a message containing want at column col. */
#define BAD(call, s, want, col) do { \
	int r_; \
	err = NULL; \
	errcol = -1; \
	r_ = (call); \
	expect_bad(r_, (s), err, errcol, (want), (col), __FILE__, __LINE__); \
} while (0)

static void
expect_bad(int r, const char *s, const char *err, int errcol, const char *want,
    int col, const char *srcfile, int line)
{
	if (r != -1) {
		print_error("'%s' was accepted, expected \"%s\"\n", s, want);
		_fail(srcfile, line);
	}
	if (err == NULL || strstr(err, want) == NULL || errcol != col) {
		print_error("'%s': \"%s\" at %d, expected \"%s\" at %d\n", s,
		    err ? err : "(null)", errcol, want, col);
		_fail(srcfile, line);
	}
}

static void
expect_fmt(const char *got, const char *want, const char *srcfile, int line)
{
	if (strcmp(got, want) != 0) {
		print_error("formatted '%s', expected '%s'\n", got, want);
		_fail(srcfile, line);
	}
}
#define FMT_IS(b, want) expect_fmt(buf_cstr(b), (want), __FILE__, __LINE__)

/* ---- dates -------------------------------------------------------------- */

static void
test_date_valid(void **state)
{
	(void)state;
	DATE_OK("1970-01-01", 0);
	DATE_OK("2026-11-12", 20769);
	DATE_OK("2026-01-05", 20458);
	DATE_OK("2000-03-01", 11017);
	DATE_OK("1969-12-31", -1);
	DATE_OK("0001-01-01", -719162);
	DATE_OK("9999-12-31", 2932896);
	DATE_OK("1600-03-01", -135080);
}

static void
test_date_leap_years(void **state)
{
	const char *err;
	int errcol;
	gh_time t;

	(void)state;
	DATE_OK("2024-02-29", 19782);		/* divisible by 4 */
	DATE_OK("2000-02-29", 11016);		/* divisible by 400 */
	DATE_OK("1600-02-29", -135081);
	BAD(val_parse_date("2026-02-29", &t, &err, &errcol), "2026-02-29",
	    "day out of range", 8);
	BAD(val_parse_date("1900-02-29", &t, &err, &errcol), "1900-02-29",
	    "day out of range", 8);		/* divisible by 100 only */
	BAD(val_parse_date("2100-02-29", &t, &err, &errcol), "2100-02-29",
	    "day out of range", 8);
	BAD(val_parse_date("2024-02-30", &t, &err, &errcol), "2024-02-30",
	    "day out of range", 8);
}

static void
test_date_month_lengths(void **state)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *err;
	char s[32];
	int errcol, m;
	gh_time t;

	(void)state;
	for (m = 1; m <= 12; m++) {
		snprintf(s, sizeof s, "2026-%02d-%02d", m, mdays[m - 1]);
		assert_int_equal(val_parse_date(s, &t, &err, &errcol), 0);
		assert_int_equal(t, val_days_from_civil(2026, (unsigned)m,
		    (unsigned)mdays[m - 1]) * DAY);
		snprintf(s, sizeof s, "2026-%02d-%02d", m, mdays[m - 1] + 1);
		BAD(val_parse_date(s, &t, &err, &errcol), s, "day out of range", 8);
	}
}

static void
test_date_errors(void **state)
{
	const char *err;
	int errcol;
	gh_time t;

	(void)state;
	BAD(val_parse_date("", &t, &err, &errcol), "", "expected a date as YYYY-MM-DD", 0);
	BAD(val_parse_date("tomorrow", &t, &err, &errcol), "tomorrow",
	    "expected a date as YYYY-MM-DD", 0);
	BAD(val_parse_date("20x6-01-01", &t, &err, &errcol), "20x6-01-01",
	    "expected a date as YYYY-MM-DD", 2);
	BAD(val_parse_date("202-01-01", &t, &err, &errcol), "202-01-01",
	    "expected a date as YYYY-MM-DD", 3);
	BAD(val_parse_date("2026", &t, &err, &errcol), "2026", "after the year", 4);
	BAD(val_parse_date("2026/01/01", &t, &err, &errcol), "2026/01/01",
	    "expected '-' after the year", 4);
	BAD(val_parse_date("2026-1-01", &t, &err, &errcol), "2026-1-01",
	    "two-digit month", 6);
	BAD(val_parse_date("2026-x1-01", &t, &err, &errcol), "2026-x1-01",
	    "two-digit month", 5);
	BAD(val_parse_date("2026-01/01", &t, &err, &errcol), "2026-01/01",
	    "expected '-' after the month", 7);
	BAD(val_parse_date("2026-01-1", &t, &err, &errcol), "2026-01-1",
	    "two-digit day", 9);
	BAD(val_parse_date("2026-01-", &t, &err, &errcol), "2026-01-",
	    "two-digit day", 8);
	BAD(val_parse_date("2026-13-01", &t, &err, &errcol), "2026-13-01",
	    "month out of range 01-12", 5);
	BAD(val_parse_date("2026-00-10", &t, &err, &errcol), "2026-00-10",
	    "month out of range 01-12", 5);
	BAD(val_parse_date("2026-01-00", &t, &err, &errcol), "2026-01-00",
	    "day out of range", 8);
	BAD(val_parse_date("2026-04-31", &t, &err, &errcol), "2026-04-31",
	    "day out of range", 8);
	BAD(val_parse_date("2026-01-01x", &t, &err, &errcol), "2026-01-01x",
	    "unexpected text after the date", 10);
	BAD(val_parse_date("2026-01-01T10:00Z", &t, &err, &errcol), "2026-01-01T10:00Z",
	    "unexpected text after the date", 10);
	BAD(val_parse_date(" 2026-01-01", &t, &err, &errcol), " 2026-01-01",
	    "expected a date", 0);
}

/* ---- times -------------------------------------------------------------- */

static void
test_time_valid(void **state)
{
	const int64_t d = 20458 * DAY;	/* 2026-01-05 */
	const char *err;
	bool date_only = false;
	int errcol;
	gh_time t;

	(void)state;
	assert_int_equal(val_parse_time("2026-01-05", &t, &date_only, &err, &errcol), 0);
	assert_true(date_only);
	assert_int_equal(t, d);
	assert_int_equal(val_parse_time("2026-01-05T10:20:30Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_false(date_only);
	assert_int_equal(t, d + 10 * 3600 + 20 * 60 + 30);
	assert_int_equal(t, 1767608430);
	/* lower-case separators, a space, no seconds */
	assert_int_equal(val_parse_time("2026-01-05t10:20z", &t, &date_only, &err, &errcol), 0);
	assert_int_equal(t, d + 10 * 3600 + 20 * 60);
	assert_int_equal(val_parse_time("2026-01-05 10:20:00Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + 10 * 3600 + 20 * 60);
	/* fractional seconds are dropped */
	assert_int_equal(val_parse_time("2026-01-05T10:20:30.999Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + 10 * 3600 + 20 * 60 + 30);
	/* offsets: local time minus the offset is UTC */
	assert_int_equal(val_parse_time("2026-01-05T10:00:00+02:00", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + 8 * 3600);
	assert_int_equal(val_parse_time("2026-01-05T10:00:00-05:30", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + 15 * 3600 + 30 * 60);
	assert_int_equal(val_parse_time("2026-01-05T00:30:00+01:00", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d - 30 * 60);	/* the day before in UTC */
	assert_int_equal(val_parse_time("2026-01-05T10:00+14:00", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d - 4 * 3600);
	/* the edges of the day, and a leap second */
	assert_int_equal(val_parse_time("2026-01-05T23:59:59Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + DAY - 1);
	assert_int_equal(val_parse_time("2026-01-05T23:59:60Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d + DAY);
	assert_int_equal(val_parse_time("2026-01-05T00:00:00Z", &t, &date_only, &err,
	    &errcol), 0);
	assert_int_equal(t, d);
}

static void
test_time_errors(void **state)
{
	const char *err;
	bool date_only;
	int errcol;
	gh_time t;

	(void)state;
#define TBAD(s, want, col) BAD(val_parse_time((s), &t, &date_only, &err, &errcol), \
	(s), (want), (col))
	TBAD("", "expected a date as YYYY-MM-DD", 0);
	TBAD("2026-02-30T10:00Z", "day out of range", 8);
	TBAD("2026-01-05X10:00Z", "expected 'T' between date and time", 10);
	TBAD("2026-01-05T", "expected hh:mm after the date", 11);
	TBAD("2026-01-05T1:00Z", "expected hh:mm after the date", 12);
	TBAD("2026-01-05T10-00Z", "expected hh:mm after the date", 13);
	TBAD("2026-01-05T10:0Z", "expected two-digit minutes", 15);
	TBAD("2026-01-05T10:xxZ", "expected two-digit minutes", 14);
	TBAD("2026-01-05T10:00:5Z", "expected two-digit seconds", 18);
	TBAD("2026-01-05T24:00Z", "time of day out of range", 11);
	TBAD("2026-01-05T10:60Z", "time of day out of range", 11);
	TBAD("2026-01-05T10:00:61Z", "time of day out of range", 11);
	TBAD("2026-01-05T10:00", "time needs a zone", 16);
	TBAD("2026-01-05T10:00:00", "time needs a zone", 19);
	TBAD("2026-01-05T10:00:00 UTC", "time needs a zone", 19);
	TBAD("2026-01-05T10:00+0200", "expected a UTC offset as +hh:mm", 16);
	TBAD("2026-01-05T10:00+2:00", "expected a UTC offset as +hh:mm", 16);
	TBAD("2026-01-05T10:00+02:0", "expected a UTC offset as +hh:mm", 16);
	TBAD("2026-01-05T10:00+15:00", "UTC offset out of range", 16);
	TBAD("2026-01-05T10:00-02:60", "UTC offset out of range", 16);
	TBAD("2026-01-05T10:00Zjunk", "unexpected text after the time", 17);
	TBAD("2026-01-05T10:00:00+02:00:00", "unexpected text after the time", 25);
#undef TBAD
}

/* ---- durations ------------------------------------------------------------ */

static void
expect_dur(const char *s, int64_t want, const char *srcfile, int line)
{
	const char *err = NULL;
	int errcol = -1;
	gh_dur v = 0;

	if (val_parse_duration(s, &v, &err, &errcol) != 0 || v != want) {
		print_error("'%s': %lld (%s at %d), expected %lld\n", s, (long long)v,
		    err ? err : "ok", errcol, (long long)want);
		_fail(srcfile, line);
	}
}
#define DUR_OK(s, want) expect_dur((s), (want), __FILE__, __LINE__)

static void
test_duration_valid(void **state)
{
	(void)state;
	DUR_OK("30s", 30);
	DUR_OK("90m", 5400);
	DUR_OK("72h", 72 * 3600);
	DUR_OK("14d", 14 * DAY);
	DUR_OK("2w", 14 * DAY);
	DUR_OK("1d12h", 36 * 3600);
	DUR_OK("1w2d3h4m5s", 9 * DAY + 3 * 3600 + 4 * 60 + 5);
	DUR_OK("0h", 0);
	DUR_OK("0s", 0);
	DUR_OK("1000000w", 1000000LL * 7 * DAY);
	/* ISO 8601 */
	DUR_OK("PT4H", 4 * 3600);
	DUR_OK("P14D", 14 * DAY);
	DUR_OK("P2W", 14 * DAY);
	DUR_OK("P1DT12H", 36 * 3600);
	DUR_OK("PT90M", 5400);
	DUR_OK("PT30S", 30);
	DUR_OK("P1DT1H1M1S", DAY + 3661);
	DUR_OK("PT0S", 0);
}

static void
test_duration_errors(void **state)
{
	const char *err;
	int errcol;
	gh_dur v;

	(void)state;
#define DBAD(s, want, col) BAD(val_parse_duration((s), &v, &err, &errcol), (s), \
	(want), (col))
	DBAD("", "empty duration", 0);
	DBAD("-1h", "durations cannot be negative", 0);
	DBAD("1h-30m", "durations cannot be negative", 2);
	DBAD("h", "expected a number followed by a unit", 0);
	DBAD("1h m", "expected a number followed by a unit", 2);
	DBAD("72", "duration needs a unit", 2);
	DBAD("1d12", "duration needs a unit", 4);
	DBAD("72x", "unknown duration unit", 2);
	DBAD("3H", "unknown duration unit", 1);
	DBAD("1.5h", "unknown duration unit", 1);
	DBAD("12h1d", "largest to smallest", 4);
	DBAD("1h1h", "largest to smallest", 3);
	DBAD("99999999999999999999h", "duration too large", 0);
	DBAD("99999999999999w", "duration too large", 0);
	DBAD("1h99999999999999w", "largest to smallest", 16);
	DBAD("15250284452471w9999999999999d", "duration too large", 15);
	/* ISO 8601 */
	DBAD("P", "empty ISO 8601 duration", 1);
	DBAD("PT", "empty ISO 8601 duration", 1);
	DBAD("PX", "expected a number in the ISO 8601 duration", 1);
	DBAD("PTT1H", "expected a number in the ISO 8601 duration", 2);
	DBAD("P1", "unknown or misplaced ISO 8601 duration unit", 2);
	DBAD("P1H", "unknown or misplaced ISO 8601 duration unit", 2);
	DBAD("P1M", "unknown or misplaced ISO 8601 duration unit", 2);
	DBAD("P1Y", "unknown or misplaced ISO 8601 duration unit", 2);
	DBAD("PT1D", "unknown or misplaced ISO 8601 duration unit", 3);
	DBAD("P1DT2W", "unknown or misplaced ISO 8601 duration unit", 5);
	DBAD("P99999999999999999999D", "duration too large", 1);
	DBAD("P99999999999999W", "duration too large", 1);
#undef DBAD
}

/* ---- versions ------------------------------------------------------------- */

static void
test_version_valid(void **state)
{
	struct gh_version v;
	const char *err;
	int errcol;

	(void)state;
	assert_int_equal(val_parse_version("17", &v, &err, &errcol), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.part[0], 17);
	assert_string_equal(v.text, "17");
	assert_int_equal(val_parse_version("16.4", &v, &err, &errcol), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.part[0], 16);
	assert_int_equal(v.part[1], 4);
	assert_int_equal(val_parse_version("42.7.4", &v, &err, &errcol), 0);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.part[2], 4);
	assert_int_equal(val_parse_version("16.0.4135.4", &v, &err, &errcol), 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(v.part[0], 16);
	assert_int_equal(v.part[1], 0);
	assert_int_equal(v.part[2], 4135);
	assert_int_equal(v.part[3], 4);
	assert_int_equal(val_parse_version("v17.1", &v, &err, &errcol), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.part[0], 17);
	assert_string_equal(v.text, "v17.1");
	assert_int_equal(val_parse_version("V3", &v, &err, &errcol), 0);
	assert_int_equal(v.part[0], 3);
	assert_int_equal(val_parse_version("007.010", &v, &err, &errcol), 0);
	assert_int_equal(v.part[0], 7);
	assert_int_equal(v.part[1], 10);
	/* ten digits is the most a component may have */
	assert_int_equal(val_parse_version("1234567890", &v, &err, &errcol), 0);
	assert_int_equal(v.part[0], 1234567890L);
}

static void
test_version_errors(void **state)
{
	struct gh_version v;
	const char *err;
	int errcol;

	(void)state;
#define VBAD(s, want, col) BAD(val_parse_version((s), &v, &err, &errcol), (s), \
	(want), (col))
	VBAD("", "expected a version like 17, 16.4 or 42.7.4", 0);
	VBAD("v", "expected a version like", 1);
	VBAD("x", "expected a version like", 0);
	VBAD("-1", "expected a version like", 0);
	VBAD(".1", "expected a version like", 0);
	VBAD("17.", "expected a version like", 3);
	VBAD("17..1", "expected a version like", 3);
	VBAD("14.x", "expected a version like", 3);
	VBAD("17a", "unexpected character in version", 2);
	VBAD("16.4-beta", "unexpected character in version", 4);
	VBAD("16 4", "unexpected character in version", 2);
	VBAD("1.2.3.4.5", "at most four components", 8);
	VBAD("12345678901", "version component too large", 0);
	VBAD("1.99999999999999999999", "version component too large", 2);
#undef VBAD
}

static void
test_version_compare(void **state)
{
	struct gh_version a, b;
	const char *err;
	int errcol;

	(void)state;
#define CMP(x, y, want) do { \
	assert_int_equal(val_parse_version((x), &a, &err, &errcol), 0); \
	assert_int_equal(val_parse_version((y), &b, &err, &errcol), 0); \
	assert_int_equal(val_version_cmp(&a, &b), (want)); \
	assert_int_equal(val_version_cmp(&b, &a), -(want)); \
} while (0)
	CMP("17", "17", 0);
	CMP("16.4", "16.4.0", 0);	/* missing parts count as 0 */
	CMP("16", "16.0.0.0", 0);
	CMP("v17", "17", 0);
	CMP("16.10", "16.9", 1);	/* numeric, not text, order */
	CMP("17", "16.9.9", 1);
	CMP("16.4", "16.4.1", -1);
	CMP("9", "10", -1);
	CMP("16.0.4135.4", "16.0.4135.10", -1);
#undef CMP
}

/* ---- sizes ---------------------------------------------------------------- */

static void
test_size_valid(void **state)
{
	const char *err;
	int errcol;
	gh_size v;

	(void)state;
#define SIZE_OK(s, want) do { \
	assert_int_equal(val_parse_size((s), &v, &err, &errcol), 0); \
	assert_int_equal(v, (want)); \
} while (0)
	SIZE_OK("1024", 1024);
	SIZE_OK("0", 0);
	SIZE_OK("1B", 1);
	SIZE_OK("2KB", 2000);
	SIZE_OK("500MB", 500000000LL);
	SIZE_OK("1.5GB", 1500000000LL);
	SIZE_OK("3TB", 3000000000000LL);
	SIZE_OK("10KiB", 10240);
	SIZE_OK("10 KiB", 10240);	/* a space before the unit */
	SIZE_OK("64MiB", 64LL << 20);
	SIZE_OK("42GiB", 42LL << 30);
	SIZE_OK("2TiB", 2LL << 40);
	SIZE_OK("0.5KiB", 512);
	SIZE_OK("9e18", 9000000000000000000LL);	/* the largest accepted */
#undef SIZE_OK
}

static void
test_size_errors(void **state)
{
	const char *err;
	int errcol;
	gh_size v;

	(void)state;
#define SBAD(s, want, col) BAD(val_parse_size((s), &v, &err, &errcol), (s), (want), (col))
	SBAD("", "expected a size like 42GiB or 500MB", 0);
	SBAD("GiB", "expected a size like", 0);
	SBAD("-1GB", "expected a size like", 0);
	SBAD(".5GB", "expected a size like", 0);
	SBAD("42XB", "unknown size unit", 2);
	SBAD("42 gib", "unknown size unit", 3);
	SBAD("42GiBs", "unknown size unit", 2);
	SBAD("1.5.2GB", "unknown size unit", 3);
	SBAD("1e30", "size out of range", 0);
	SBAD("10000000TB", "size out of range", 0);
	SBAD("9000000TiB", "size out of range", 0);
	SBAD("1e999", "size out of range", 0);
#undef SBAD
}

/* A parser that fails leaves its output alone (the loader relies on it:
 * a field that fails to parse keeps its "absent" marker). */
static void
test_failure_leaves_output(void **state)
{
	static const char *const bad_times[] = { "2026-01-05x", "2026-01-05T10:00",
		"2026-01-05T10:00+25:00", "2026-01-05T10:00Zx" };
	struct gh_version v, before;
	const char *err;
	bool date_only;
	int errcol;
	size_t i;
	gh_time t;
	gh_dur d;
	gh_size z;

	(void)state;
	t = GH_TIME_NONE;
	assert_int_equal(val_parse_date("2026-01-05x", &t, &err, &errcol), -1);
	assert_true(t == GH_TIME_NONE);
	for (i = 0; i < GH_ARRAY_SIZE(bad_times); i++) {
		t = GH_TIME_NONE;
		assert_int_equal(val_parse_time(bad_times[i], &t, &date_only, &err, &errcol), -1);
		assert_true(t == GH_TIME_NONE);
	}
	d = GH_DUR_NONE;
	assert_int_equal(val_parse_duration("1d2x", &d, &err, &errcol), -1);
	assert_true(d == GH_DUR_NONE);
	assert_int_equal(val_parse_duration("P1DT2Y", &d, &err, &errcol), -1);
	assert_true(d == GH_DUR_NONE);
	z = GH_SIZE_NONE;
	assert_int_equal(val_parse_size("12XB", &z, &err, &errcol), -1);
	assert_true(z == GH_SIZE_NONE);
	memset(&before, 0, sizeof before);
	v = before;
	assert_int_equal(val_parse_version("15.x", &v, &err, &errcol), -1);
	assert_int_equal(v.n, 0);
	assert_null(v.text);
	assert_int_equal(val_parse_version("1.2.3.4.5", &v, &err, &errcol), -1);
	assert_int_equal(v.n, 0);
}

/* ---- formatters ------------------------------------------------------------ */

static void
test_format_date_time(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	val_format_date(0, &b);
	FMT_IS(&b, "1970-01-01");
	buf_reset(&b);
	val_format_date(20769 * DAY, &b);
	FMT_IS(&b, "2026-11-12");
	buf_reset(&b);
	val_format_date(20769 * DAY + DAY - 1, &b);	/* still the same day */
	FMT_IS(&b, "2026-11-12");
	buf_reset(&b);
	val_format_date(-1, &b);			/* a second before the epoch */
	FMT_IS(&b, "1969-12-31");
	buf_reset(&b);
	val_format_date(-DAY, &b);
	FMT_IS(&b, "1969-12-31");
	buf_reset(&b);
	val_format_date(-DAY - 1, &b);
	FMT_IS(&b, "1969-12-30");
	buf_reset(&b);
	val_format_date(-719162 * DAY, &b);
	FMT_IS(&b, "0001-01-01");
	buf_reset(&b);
	val_format_date(11016 * DAY, &b);
	FMT_IS(&b, "2000-02-29");
	buf_reset(&b);
	val_format_time(1767608430, false, &b);
	FMT_IS(&b, "2026-01-05T10:20:30Z");
	buf_reset(&b);
	val_format_time(1767608430, true, &b);
	FMT_IS(&b, "2026-01-05");
	buf_reset(&b);
	val_format_time(-1, false, &b);
	FMT_IS(&b, "1969-12-31T23:59:59Z");
	buf_reset(&b);
	val_format_time(0, false, &b);
	FMT_IS(&b, "1970-01-01T00:00:00Z");
	buf_free(&b);
}

static void
test_format_duration(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
#define DFMT(d, want) do { buf_reset(&b); val_format_duration((d), &b); FMT_IS(&b, (want)); } while (0)
	DFMT(0, "0h");
	DFMT(30, "30s");
	DFMT(5400, "1h30m");
	DFMT(72 * 3600, "3d");
	DFMT(36 * 3600, "1d12h");
	DFMT(DAY + 3661, "1d1h1m1s");
	DFMT(14 * DAY, "14d");		/* weeks are shown as days */
	DFMT(-3600, "-1h");
	DFMT(-90, "-1m30s");
#undef DFMT
	buf_free(&b);
}

static void
test_format_size_version(void **state)
{
	struct buf b = BUF_INIT;
	struct gh_version v;
	const char *err;
	int errcol;

	(void)state;
#define SFMT(s, want) do { buf_reset(&b); val_format_size((s), &b); FMT_IS(&b, (want)); } while (0)
	SFMT(0, "0B");
	SFMT(1000, "1000B");
	SFMT(1023, "1023B");
	SFMT(1024, "1KiB");
	SFMT(1536, "1.5KiB");
	SFMT(42LL << 30, "42GiB");
	SFMT(1500000000LL, "1.4GiB");
	SFMT(1LL << 40, "1TiB");
	SFMT(1LL << 50, "1024TiB");	/* TiB is the largest unit */
#undef SFMT
	assert_int_equal(val_parse_version("v16.0.4135.4", &v, &err, &errcol), 0);
	buf_reset(&b);
	val_format_version(&v, &b);
	FMT_IS(&b, "16.0.4135.4");
	assert_int_equal(val_parse_version("007.010", &v, &err, &errcol), 0);
	buf_reset(&b);
	val_format_version(&v, &b);
	FMT_IS(&b, "7.10");
	memset(&v, 0, sizeof v);
	buf_reset(&b);
	val_format_version(&v, &b);
	FMT_IS(&b, "");
	buf_free(&b);
}

/* Parsing what the formatters print gives the value back. */
static void
test_format_round_trip(void **state)
{
	static const gh_dur durs[] = { 1, 59, 61, 3600, 86399, 86400, 90061, 1209600,
		31536000 };
	struct buf b = BUF_INIT;
	const char *err;
	bool date_only;
	int errcol;
	size_t i;
	gh_time t;
	gh_dur d;

	(void)state;
	for (i = 0; i < GH_ARRAY_SIZE(durs); i++) {
		buf_reset(&b);
		val_format_duration(durs[i], &b);
		assert_int_equal(val_parse_duration(buf_cstr(&b), &d, &err, &errcol), 0);
		assert_int_equal(d, durs[i]);
	}
	for (t = -400 * DAY - 7; t < 20000 * DAY; t += 7777777) {
		buf_reset(&b);
		val_format_time(t, false, &b);
		assert_int_equal(val_parse_time(buf_cstr(&b), &d, &date_only, &err, &errcol), 0);
		assert_false(date_only);
		assert_int_equal(d, t);
	}
	buf_free(&b);
}

/* ---- civil-date arithmetic -------------------------------------------------- */

static void
test_civil_known_days(void **state)
{
	int64_t y;
	unsigned m, d;

	(void)state;
	assert_int_equal(val_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(val_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(val_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(val_days_from_civil(2026, 11, 12), 20769);
	assert_int_equal(val_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(val_days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(val_days_from_civil(0, 3, 1), -719468);	/* algorithm's origin */
	val_civil_from_days(0, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	val_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	val_civil_from_days(11016, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	val_civil_from_days(-719468 - 1, &y, &m, &d);	/* before year 0 */
	assert_int_equal(y, 0);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);				/* year 0 is a leap year */
	val_civil_from_days(-719468 - 367, &y, &m, &d);
	assert_int_equal(y, -1);
	assert_int_equal(m, 2);
	assert_int_equal(d, 28);
}

/* Every day from 1599-01-01 to 2401-12-31 converts both ways, days follow
 * each other, and February has 29 days exactly in leap years. */
static void
test_civil_round_trip(void **state)
{
	int64_t z, first = val_days_from_civil(1599, 1, 1), last = val_days_from_civil(2401, 12, 31);
	int64_t py = 1598;
	unsigned pm = 12, pd = 31;
	int leap_days = 0;

	(void)state;
	for (z = first; z <= last; z++) {
		int64_t y;
		unsigned m, d;

		val_civil_from_days(z, &y, &m, &d);
		assert_int_equal(val_days_from_civil(y, m, d), z);
		if (d == 1) {
			/* a new month: the day before was the last of the previous */
			assert_true(m == pm % 12 + 1);
			assert_true(y == py + (m == 1));
		} else {
			assert_int_equal(d, pd + 1);
			assert_int_equal(m, pm);
			assert_int_equal(y, py);
		}
		if (m == 2 && d == 29) {
			leap_days++;
			assert_true((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
		}
		if (m == 3 && d == 1) {
			bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

			assert_int_equal(pd, leap ? 29 : 28);
		}
		py = y;
		pm = m;
		pd = d;
	}
	/* 803 years, 97 leap years per 400, minus 1700, 1800, 1900, 2100, 2200, 2300 */
	assert_int_equal(leap_days, 195);
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(val_weekday(0), 4);			/* 1970-01-01 Thursday */
	assert_int_equal(val_weekday(DAY - 1), 4);
	assert_int_equal(val_weekday(DAY), 5);
	assert_int_equal(val_weekday(-1), 3);			/* 1969-12-31 Wednesday */
	assert_int_equal(val_weekday(-DAY), 3);
	assert_int_equal(val_weekday(-DAY - 1), 2);
	assert_int_equal(val_weekday(20458 * DAY), 1);		/* 2026-01-05 Monday */
	assert_int_equal(val_weekday(20769 * DAY + 3600), 4);	/* 2026-11-12 Thursday */
	assert_int_equal(val_weekday(-719162 * DAY), 1);	/* 0001-01-01 Monday */
	assert_int_equal(val_weekday(2932896 * DAY), 5);	/* 9999-12-31 Friday */
	assert_int_equal(val_weekday(val_days_from_civil(2024, 2, 29) * DAY), 4);
	assert_int_equal(val_weekday(val_days_from_civil(2000, 1, 1) * DAY), 6);
	assert_int_equal(val_weekday(val_days_from_civil(2023, 12, 31) * DAY), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_leap_years),
		cmocka_unit_test(test_date_month_lengths),
		cmocka_unit_test(test_date_errors),
		cmocka_unit_test(test_time_valid),
		cmocka_unit_test(test_time_errors),
		cmocka_unit_test(test_duration_valid),
		cmocka_unit_test(test_duration_errors),
		cmocka_unit_test(test_version_valid),
		cmocka_unit_test(test_version_errors),
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_size_valid),
		cmocka_unit_test(test_size_errors),
		cmocka_unit_test(test_failure_leaves_output),
		cmocka_unit_test(test_format_date_time),
		cmocka_unit_test(test_format_duration),
		cmocka_unit_test(test_format_size_version),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_civil_known_days),
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_weekday),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
