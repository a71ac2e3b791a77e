/* vs-test-http-server.c — the tests' SoupServer as a process of its own
 *
 * Prints its base URL on a line of standard output, then serves until its
 * standard input is closed (so it never outlives the test that started it).
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "vs-test-server.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(VsTestSoupServer) server = vs_test_soup_server_new ();
  g_autofree char *url = vs_test_soup_server_get_url (server, "");
  char buf[256];

  printf ("%s\n", url);
  fflush (stdout);

  while (read (STDIN_FILENO, buf, sizeof buf) > 0)
    ;

  return 0;
}
