/* vs-reaper-main.c — the versus-reaper program (vs-reaper.h)
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vs-reaper.h"

int
main (int    argc,
      char **argv)
{
  return vs_reaper_main ();
}
