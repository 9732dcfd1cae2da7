/* ui.c -- start-up, the view stack, painting and the main loop. */
#include <config.h>

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ncurses.h>

#include "cli.h"
#include "ui.h"
#include "ui_view.h"

static volatile sig_atomic_t caught;	/* SIGHUP, SIGTERM or SIGINT */
static bool curses_on;

/* $GATEHOUSE_TIMING: where "make bench" wants paint times written. */
static FILE *timing;
static double t_start;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
timing_open(void)
{
	const char *path = getenv("GATEHOUSE_TIMING");

	t_start = now();
	if (path && path[0])
		timing = fopen(path, "a");
}

/* One line "what seconds" (flushed: the bench reads it while we run). */
static void
timing_note(const char *what, double since)
{
	if (timing == NULL)
		return;
	fprintf(timing, "%s %.6f\n", what, now() - since);
	fflush(timing);
}

/* ---- the stack ------------------------------------------------------------ */

struct ui_view *
ui_view_new(const struct ui_view_ops *ops, void *data)
{
	struct ui_view *v = xcalloc(1, sizeof *v);

	v->ops = ops;
	v->data = data;
	return v;
}

void
ui_push(struct ui *ui, struct ui_view *v)
{
	if (ui->depth == UI_STACK_MAX) {
		v->ops->free(v);
		return;
	}
	ui->stack[ui->depth++] = v;
}

void
ui_pop(struct ui *ui)
{
	struct ui_view *v;

	if (ui->depth == 0)
		return;
	v = ui->stack[--ui->depth];
	v->ops->free(v);
}

struct ui_view *
ui_top(struct ui *ui)
{
	return ui->depth ? ui->stack[ui->depth - 1] : NULL;
}

void
ui_status(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	free(ui->msg);
	va_start(ap, fmt);
	ui->msg = xvasprintf(fmt, ap);
	va_end(ap);
	ui->msg_error = error;
}

int
ui_reload(struct ui *ui)
{
	struct buf err = BUF_INIT;
	size_t i;
	int rc = ui_model_reload(&ui->model, &err);

	if (rc < 0)
		ui_status(ui, true, _("cannot load HEAD: %s"), buf_cstr(&err));
	for (i = 0; i < ui->depth; i++)
		if (ui->stack[i]->ops->reload)
			ui->stack[i]->ops->reload(ui, ui->stack[i]);
	buf_free(&err);
	return rc;
}

void
ui_keys_text(struct ui *ui, enum ui_keymap km, enum ui_action a, struct buf *out)
{
	if (ui_keymaps_keys(&ui->cfg.keys, km, a, out) == 0 && km != UI_KM_GENERIC)
		ui_keymaps_keys(&ui->cfg.keys, UI_KM_GENERIC, a, out);
}

/* ---- curses --------------------------------------------------------------- */

static void
on_signal(int sig)
{
	caught = sig;
}

/* Best effort on a crash: keep the words being written, give the
 * terminal back, then die of the same signal. */
static void
on_crash(int sig)
{
	ui_editor_emergency_save();
	if (curses_on)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
restore_terminal(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;	/* no SA_RESTART: get_wch returns */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	atexit(restore_terminal);
}

static void
curses_start(void)
{
	initscr();
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
}

void
ui_suspend(void)
{
	def_prog_mode();
	endwin();
}

void
ui_resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* ---- painting --------------------------------------------------------- */

static void
paint_title(struct ui *ui, struct ui_view *v)
{
	struct buf left = BUF_INIT, title = BUF_INIT, right = BUF_INIT;
	const struct ui_model *m = &ui->model;
	int rw;

	if (v->ops->title)
		v->ops->title(ui, v, &title);
	if (m->head[0])
		buf_printf(&right, "HEAD %s · ", m->head);
	buf_puts(&right, m->st == NULL ? _("read-only") : m->name ? m->name : _("anonymous"));
	buf_putc(&right, ' ');
	rw = ui_str_width(buf_cstr(&right));
	buf_printf(&left, "gatehouse · %s%s%s", ui_model_label(m), title.len ? " · " : "",
	    buf_cstr(&title));
	if (ui_str_width(buf_cstr(&left)) + rw + 2 > COLS) {
		buf_reset(&left);
		buf_printf(&left, "gatehouse · %s", title.len ? buf_cstr(&title) : ui_model_label(m));
	}
	ui_draw_line(0, 0, COLS, UI_STYLE_TITLE, buf_cstr(&left));
	if (COLS - rw > ui_str_width(buf_cstr(&left)) + 2)
		ui_draw_str(0, COLS - rw, rw, UI_STYLE_TITLE, buf_cstr(&right));
	buf_free(&left);
	buf_free(&title);
	buf_free(&right);
}

/* "Enter open  c comment  ? help" from the view's hint list. */
static void
paint_hints(struct ui *ui, struct ui_view *v, int y)
{
	const enum ui_action *a;
	struct buf k = BUF_INIT;
	int x = 0;

	for (a = v->ops->hints; a && *a != UI_ACT_NONE && x < COLS; a++) {
		buf_reset(&k);
		ui_keys_text(ui, v->ops->keymap, *a, &k);
		if (k.len == 0)
			continue;
		if (strchr(k.s, ','))
			*strchr(k.s, ',') = '\0';
		x += ui_draw_str(y, x, COLS - x, UI_STYLE_HINT_KEY, k.s);
		x += ui_draw_str(y, x, COLS - x, UI_STYLE_STATUS, " ");
		x += ui_draw_str(y, x, COLS - x, UI_STYLE_STATUS, ui_action_label(*a));
		x += ui_draw_str(y, x, COLS - x, UI_STYLE_STATUS, "  ");
	}
	buf_free(&k);
}

static void
paint_status(struct ui *ui, struct ui_view *base)
{
	int y = LINES - 1;

	ui_draw_line(y, 0, COLS, UI_STYLE_STATUS, "");
	if (ui->msg)
		ui_draw_line(y, 0, COLS, ui->msg_error ? UI_STYLE_STATUS_ERROR : UI_STYLE_STATUS_INFO,
		    ui->msg);
	else
		paint_hints(ui, base, y);
}

static void
paint(struct ui *ui, int what)
{
	struct ui_rect body = { 1, 0, LINES - 2, COLS };
	size_t base = ui->depth - 1, i;

	if (what == UI_ALL) {
		erase();
		while (base > 0 && ui->stack[base]->ops->overlay)
			base--;
		ui->cursor_y = ui->cursor_x = -1;
		if (LINES < 8 || COLS < 30) {
			ui_draw_str(0, 0, COLS, UI_STYLE_STATUS_ERROR, _("terminal too small"));
			refresh();
			return;
		}
		ui->stack[base]->ops->draw(ui, ui->stack[base], body);
		paint_title(ui, ui->stack[base]);
		paint_status(ui, ui->stack[base]);
		for (i = base + 1; i < ui->depth; i++)
			ui->stack[i]->ops->draw(ui, ui->stack[i], body);
	} else {
		for (base = ui->depth - 1; base > 0 && ui->stack[base]->ops->overlay; base--)
			;
		paint_status(ui, ui->stack[base]);
	}
	curs_set(ui->cursor_y >= 0);
	if (ui->cursor_y >= 0)
		move(ui->cursor_y, ui->cursor_x);
	refresh();
}

/* ---- input ----------------------------------------------------------------- */

static int
getkey(struct ui *ui)
{
	wint_t wc;
	int r;

	if (caught)
		return UI_KEY_SIGNAL;
	timeout(ui->model.pending ? 0 : 500);
	r = get_wch(&wc);
	if (caught)
		return UI_KEY_SIGNAL;
	if (r == ERR)
		return UI_KEY_NONE;
	if (r == KEY_CODE_YES)
		return wc == KEY_RESIZE ? UI_KEY_RESIZE : ui_key_normalize(UI_KEY_FUNC | (int)wc);
	return ui_key_normalize((int)wc);
}

static int
global_action(struct ui *ui, enum ui_action a)
{
	switch (a) {
	case UI_ACT_QUIT:
		ui->quit = true;
		return UI_NONE;
	case UI_ACT_BACK:
		if (ui->depth <= 1)
			ui->quit = true;
		else
			ui_pop(ui);
		return UI_ALL;
	case UI_ACT_HELP:
		ui_push(ui, ui_help_new(ui, ui_top(ui)->ops->keymap));
		return UI_ALL;
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		return UI_ALL;
	case UI_ACT_RELOAD:
		if (ui_reload(ui) == 0)
			ui_status(ui, false, _("Loaded HEAD %s"), ui->model.head);
		return UI_ALL;
	default:
		return UI_NONE;
	}
}

/* The input chain: raw input hook, view keymap, generic keymap, view
 * handler, global handler. */
static int
dispatch(struct ui *ui, int key)
{
	struct ui_view *v = ui_top(ui);
	enum ui_action a;
	int r;

	if (v->ops->input && (r = v->ops->input(ui, v, key)) != UI_PASS)
		return r;
	a = ui_keymaps_lookup(&ui->cfg.keys, v->ops->keymap, key);
	if (a == UI_ACT_NONE)
		return UI_NONE;
	if (v->ops->action && (r = v->ops->action(ui, v, a)) != UI_PASS)
		return r;
	return global_action(ui, a);
}

static int
handle_key(struct ui *ui, int key)
{
	switch (key) {
	case UI_KEY_NONE:
		if (ui->model.pending == 0)
			return UI_NONE;
		ui_model_eval_some(&ui->model, 25);
		return UI_ALL;
	case UI_KEY_RESIZE:
		return UI_ALL;
	case UI_KEY_SIGNAL:
		ui_editor_emergency_save();
		ui->quit = true;
		ui->exit_status = 128 + caught;
		return UI_NONE;
	}
	free(ui->msg);
	ui->msg = NULL;
	return dispatch(ui, key);
}

static void
run(struct ui *ui)
{
	int redraw = UI_ALL, key = UI_KEY_NONE;
	double t = t_start;

	while (!ui->quit) {
		if (redraw != UI_NONE) {
			paint(ui, redraw);
			if (key != UI_KEY_NONE || t == t_start)
				timing_note(t == t_start ? "first-frame" : "key", t);
		}
		key = getkey(ui);
		t = now();
		redraw = handle_key(ui, key);
		if (ui->depth == 0)
			ui->quit = true;
	}
}

/* ---- start-up ------------------------------------------------------------ */

/* A packet repository has gatehouse.yaml at the top: in the directory, or
 * in the tree of HEAD for a git repository (bare ones included). */
static bool
packet_repo(const char *path)
{
	char *settings = xasprintf("%s/gatehouse.yaml", path), *text = NULL;
	struct buf err = BUF_INIT;
	struct repo_source src;
	struct store *st = NULL;
	struct stat sb;
	size_t len;
	bool ok = stat(settings, &sb) == 0;

	if (!ok && store_open(path, &st, &err) == 0 && store_is_bare(st) &&
	    store_source(st, "HEAD", &src, &err) == 0) {
		ok = src.read(src.ctx, "gatehouse.yaml", 1 << 20, &text, &len) == 0;
		free(text);
		store_source_free(&src);
	}
	store_close(st);
	buf_free(&err);
	free(settings);
	return ok;
}

/* Without a terminal: the text evaluation of every open packet. */
static int
print_evaluation(const char *path)
{
	char *argv[] = { "evaluate", "--repo", (char *)path, NULL, NULL, NULL };
	struct buf err = BUF_INIT;
	struct store *st = NULL;
	int argc = 3;

	if (store_open(path, &st, &err) == 0 && store_is_bare(st)) {
		argv[argc++] = "--at";
		argv[argc++] = "HEAD";
	}
	store_close(st);
	buf_free(&err);
	return cli_evaluate(argc, argv);
}

/* The formatted problem with $HOME shown as "~", to fit the status bar. */
static void
short_diag(const struct diag *g, struct buf *out)
{
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT;
	size_t n = home ? strlen(home) : 0;

	diag_format(g, &b);
	if (n > 1 && strncmp(b.s, home, n) == 0 && b.s[n] == '/')
		buf_printf(out, "~%s", b.s + n);
	else
		buf_puts(out, b.s);
	buf_free(&b);
}

/* Config and theme problems: all on stderr before the screen starts, the
 * first in the status bar. */
static void
report_config_problems(struct ui *ui)
{
	struct buf out = BUF_INIT;

	diags_print_text(&ui->cfg.diags, &out);
	fputs(buf_cstr(&out), stderr);
	buf_reset(&out);
	if (ui->cfg.diags.n) {
		short_diag(&ui->cfg.diags.v[0], &out);
		if (ui->cfg.diags.n == 1)
			ui_status(ui, true, _("%s (default kept)"), buf_cstr(&out));
		else
			ui_status(ui, true, _("%s (and %zu more; defaults kept)"), buf_cstr(&out),
			    ui->cfg.diags.n - 1);
	}
	buf_free(&out);
}

/* The configured theme, read before the screen starts. */
static void
theme_load(struct ui *ui)
{
	char *why = NULL;

	ui_theme_defaults(&ui->theme, false);
	if (ui->cfg.theme && ui_theme_load(&ui->theme, ui->cfg.theme, &ui->cfg.diags, &why) < 0)
		diag_add(&ui->cfg.diags, DIAG_ERROR, ui->cfg.theme_file, ui->cfg.theme_pos, "%s",
		    why);
	else if (ui->cfg.theme == NULL)
		ui_theme_load(&ui->theme, "default-dark", &ui->cfg.diags, &why);
	free(why);
}

/* Colours if the terminal has them and NO_COLOR is unset, else the
 * monochrome theme (attributes only). */
static void
theme_setup(struct ui *ui)
{
	bool color = ui_theme_can_color();
	struct diags d;
	char *why = NULL;

	if (!color) {
		diags_init(&d);
		ui_theme_defaults(&ui->theme, true);
		ui_theme_load(&ui->theme, "monochrome", &d, &why);
		diags_free(&d);
		free(why);
	}
	ui_theme_apply(&ui->theme, color);
}

static int
session(struct ui *ui, const char *path, gh_time today)
{
	struct buf err = BUF_INIT;

	timing_open();
	/* on the terminal until the first frame replaces it: the first open
	 * of a big repository builds its index, which takes a while */
	if (isatty(STDERR_FILENO))
		fprintf(stderr, _("gatehouse: loading %s ...\n"), path);
	if (ui_model_open(&ui->model, path, today, &err) < 0) {
		fprintf(stderr, _("gatehouse: cannot open %s: %s\n"), path, buf_cstr(&err));
		buf_free(&err);
		return EXIT_USAGE;
	}
	buf_free(&err);
	timing_note("load", t_start);
	signals_install();
	curses_start();
	theme_setup(ui);
	ui_push(ui, ui_queue_new(ui));
	if (ui->model.notice && ui->msg == NULL)
		ui_status(ui, false, "%s", ui->model.notice);
	run(ui);
	while (ui->depth)
		ui_pop(ui);
	restore_terminal();
	if (timing)
		fclose(timing);
	return ui->exit_status;
}

static void
ui_free(struct ui *ui)
{
	ui_model_close(&ui->model);
	ui_config_free(&ui->cfg);
	ui_theme_free(&ui->theme);
	free(ui->msg);
}

/* "gatehouse --keys": the key table of every keymap, as configured. */
static int
print_keys(void)
{
	struct ui_config cfg;
	struct buf b = BUF_INIT;
	int km, a;

	ui_config_init(&cfg);
	for (km = 0; km < UI_KM_COUNT; km++)
		for (a = 1; a < UI_ACT_COUNT; a++) {
			buf_reset(&b);
			if (ui_keymaps_keys(&cfg.keys, (enum ui_keymap)km, (enum ui_action)a, &b))
				printf("%s\t%s\t%s\t%s\n", ui_keymap_name((enum ui_keymap)km),
				    buf_cstr(&b), ui_action_name((enum ui_action)a),
				    ui_action_help((enum ui_action)a));
		}
	buf_free(&b);
	ui_config_free(&cfg);
	return 0;
}

int
ui_main(int argc, char **argv)
{
	struct ui ui;
	char *path = NULL;
	bool demo = argc > 1 && strcmp(argv[1], "--demo") == 0;
	gh_time today;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--keys") == 0)
		return print_keys();
	if (argc > 2 || (argc == 2 && !demo)) {
		cli_usage_error(NULL, _("unrecognized option '%s'"), argv[argc - 1]);
		return EXIT_USAGE;
	}
	if (cli_today(NULL, &today) < 0 || (demo && ui_demo_prepare(&path) < 0))
		return EXIT_USAGE;
	if (path == NULL)
		path = xstrdup(cli_repo_path(NULL));
	if (!packet_repo(path)) {
		cli_usage_error(NULL, _("missing command, and %s is no packet repository (no gatehouse.yaml): try 'gatehouse --demo' or 'gatehouse init'"),
		    path);
		free(path);
		return EXIT_USAGE;
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cli_config_warn();
		rc = print_evaluation(path);
		free(path);
		return rc;
	}
	memset(&ui, 0, sizeof ui);
	ui_config_init(&ui.cfg);
	ui_config_load(&ui.cfg);
	theme_load(&ui);
	diags_sort(&ui.cfg.diags);	/* the core's and the keys' problems by line */
	report_config_problems(&ui);
	rc = session(&ui, path, today);
	ui_free(&ui);
	free(path);
	return rc;
}
