/* pd-test-prism.h — Stoplight Prism (tests/conformance) on a free loopback port, serving the
 * official specification in tests/data/: as a validating proxy or as a mock server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *log_path;
  char        *url;
} PdTestPrism;

PdTestPrism *pd_test_prism_start    (const char  *mode,
                                     const char  *option,
                                     const char  *upstream,
                                     const char  *log_name);
char        *pd_test_prism_read_log (PdTestPrism *prism);
void         pd_test_prism_stop     (PdTestPrism *prism);

G_END_DECLS
