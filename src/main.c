/* main.c -- set up locale and translations, then hand over to the CLI, or
 * to the review workstation when there is no command ("gatehouse",
 * "gatehouse --demo", "gatehouse --keys"). */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui.h"
#include "ui_config.h"

int
main(int argc, char **argv)
{
	const char *dir = getenv("GATEHOUSE_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* numbers in files and output always use '.', whatever the locale */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, dir && dir[0] ? dir : LOCALEDIR);
	textdomain(PACKAGE);
	cli_config_ui_check = ui_config_check;
	if (argc < 2 || strcmp(argv[1], "--demo") == 0 || strcmp(argv[1], "--keys") == 0)
		return ui_main(argc, argv);
	return cli_main(argc, argv);
}
