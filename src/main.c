/* main.c -- set up locale and translations, then hand over to the CLI. */
#include <config.h>

#include <locale.h>
#include <stdlib.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	const char *dir = getenv("GATEHOUSE_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* numbers in files and output always use '.', whatever the locale */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, dir && dir[0] ? dir : LOCALEDIR);
	textdomain(PACKAGE);
	return cli_main(argc, argv);
}
