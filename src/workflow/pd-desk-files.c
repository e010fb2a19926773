/* pd-desk-files.c — codes from a seller's file into an order, and an order's (or the journal's)
 * codes out to CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-csv.h"
#include "pd-desk-private.h"

/* ---- Import and export. ---- */

/* An order has at most 10,000 units; a file of its codes is far below this. */
#define MAX_IMPORT_BYTES (4 * 1024 * 1024)
/* Refused lines named one by one; the rest are counted. */
#define MAX_IMPORT_PROBLEMS 100

/* A file read line by line, each line captured once the one before is done: however many lines
 * the file has, only one is in the desk's hands at a time. */
typedef struct
{
  PdPackingOrder *packing;
  char           *contents;
  gsize           length;
  gsize           offset;
  guint           line;
  guint           accepted;
  guint           refused;
  GPtrArray      *problems;  /* "Line N: …" */
  /* The file's format, from its first line: the separator, and with a header the columns. */
  gboolean        started;
  char            separator;
  int             code_column;  /* -1 without a header */
  int             item_column;
  int             offer_column;
  int             country_column;
  char           *country;      /* to capture after the line's code */
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->packing);
  g_free (import->contents);
  g_free (import->country);
  g_ptr_array_unref (import->problems);
  g_free (import);
}

static void import_next (GTask *task);

static void
on_import_captured (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  Import *import = g_task_get_task_data (task);
  g_autoptr(PdUnit) unit = NULL;
  g_autoptr(GError) error = NULL;

  unit = pd_desk_capture_finish (PD_DESK (source), result, &error);
  if (unit != NULL)
    import->accepted++;
  else if (import->refused++ < MAX_IMPORT_PROBLEMS)
    g_ptr_array_add (import->problems, g_strdup_printf (_("Line %u: %s"), import->line, error->message));
  import_next (g_steal_pointer (&task));
}

/* The item a file's first column names: its id, or its offer id (what a seller's own files
 * have); 0 when it names none of the order's items. */
static gint64
import_item (PdPackingOrder *packing,
             const char     *name)
{
  GPtrArray *items = pd_order_get_items (pd_packing_order_get_order (packing));
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  guint64 item_id = 0;

  if (g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXINT64, &item_id, NULL)
      && pd_order_find_item (pd_packing_order_get_order (packing), item_id) != NULL)
    return item_id;
  for (guint i = 0; i < items->len; i++)
    if (*stripped != '\0' && g_strcmp0 (pd_order_item_get_offer_id (g_ptr_array_index (items, i)), stripped) == 0)
      return pd_order_item_get_id (g_ptr_array_index (items, i));
  return 0;
}

static int
column_of (GStrv       names,
           const char *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (names[i]), name) == 0)
      return i;
  return -1;
}

/* The first line says the separator; with a "code" column it is a header (the desk's own export,
 * or a seller's sheet) and names the columns. Returns: whether LINE was the header */
static gboolean
import_read_format (Import     *import,
                    const char *line)
{
  g_auto(GStrv) names = NULL;

  import->started = TRUE;
  import->separator = pd_csv_guess_separator (line);
  names = pd_csv_split (line, import->separator);
  import->code_column = column_of (names, "code");
  if (import->code_column < 0)
    return FALSE;
  import->item_column = column_of (names, "item_id");
  import->offer_column = column_of (names, "offer_id");
  import->country_column = column_of (names, "country_code");
  return TRUE;
}

static const char *
field (GStrv fields,
       int   column)
{
  return column >= 0 && column < (int) g_strv_length (fields) ? fields[column] : NULL;
}

/* The code of LINE, the item it names (0 for the desk's choice) and a country code to go with
 * it. Returns: FALSE when the line has no code (a header, a unit without one) */
static gboolean
import_parse_line (Import      *import,
                   const char  *line,
                   gint64      *item_id,
                   char       **code,
                   char       **country)
{
  const char *separator;
  g_autofree char *prefix = NULL;

  *item_id = 0;
  *country = NULL;
  if (!import->started && import_read_format (import, line))
    return FALSE;

  if (import->code_column >= 0)
    {
      g_auto(GStrv) fields = pd_csv_split (line, import->separator);
      const char *value = field (fields, import->code_column);
      const char *item = field (fields, import->item_column);
      const char *offer = field (fields, import->offer_column);

      if (value == NULL || *value == '\0')
        return FALSE;
      *item_id = item != NULL ? import_item (import->packing, item) : 0;
      if (*item_id == 0 && offer != NULL)
        *item_id = import_item (import->packing, offer);
      *code = g_strdup (value);
      *country = field (fields, import->country_column) != NULL && *field (fields, import->country_column) != '\0'
                 ? g_strdup (field (fields, import->country_column)) : NULL;
      return TRUE;
    }

  /* "ITEM;CODE" when the part before the first separator names an item of the order (by id or
   * offer id); otherwise the whole line is the code, as a CIS may hold commas and semicolons. */
  separator = strchr (line, import->separator);
  prefix = separator != NULL ? g_strndup (line, separator - line) : NULL;
  *item_id = prefix != NULL ? import_item (import->packing, prefix) : 0;
  *code = g_strdup (*item_id != 0 ? separator + 1 : line);
  return TRUE;
}

/* The next line that is not blank, or NULL at the end of the file. */
static char *
import_take_line (Import *import)
{
  while (import->offset < import->length)
    {
      const char *start = import->contents + import->offset;
      const char *end = memchr (start, '\n', import->length - import->offset);
      gsize length = end != NULL ? (gsize) (end - start) : import->length - import->offset;
      g_autofree char *line = g_strndup (start, length);

      import->offset += length + 1;
      import->line++;
      /* A spreadsheet's BOM before the first line, and CRLF line ends. */
      if (import->line == 1 && g_str_has_prefix (line, PD_CSV_BOM))
        memmove (line, line + strlen (PD_CSV_BOM), strlen (line) - strlen (PD_CSV_BOM) + 1);
      if (*g_strstrip (line) != '\0')
        return g_steal_pointer (&line);
    }
  return NULL;
}

static void
import_next (GTask *task)
{
  PdDesk *self = g_task_get_source_object (task);
  Import *import = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  char *code = NULL;
  gint64 item_id = 0;
  Edit *edit;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* A declaration's country goes in right after it, as a scanner would send it. */
  if (import->country != NULL)
    code = g_steal_pointer (&import->country);
  else
    while (code == NULL && (line = import_take_line (import)) != NULL)
      if (!import_parse_line (import, line, &item_id, &code, &import->country))
        g_clear_pointer (&line, g_free);
  if (code == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_CAPTURE;
  edit->packing = g_object_ref (import->packing);
  edit->item_id = item_id;
  edit->raw = code;
  edit->source = PD_CAPTURE_SOURCE_FILE;
  pd_desk_queue_edit (self, edit, pd_desk_capture_async, g_task_get_cancellable (task), on_import_captured,
              task);
}

static gboolean
import_read_more (const char *contents,
                  goffset     length,
                  gpointer    data)
{
  /* One byte past the limit tells that the file is larger. */
  return length <= MAX_IMPORT_BYTES;
}

static void
on_import_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  Import *import = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_load_partial_contents_finish (G_FILE (source), result, &import->contents,
                                            &import->length, NULL, &error))
    g_task_return_error (task, error);
  else if (import->length > MAX_IMPORT_BYTES)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The file is larger than %u MiB, far more than the codes of an "
                               "order take. Check that it is the right file."),
                             MAX_IMPORT_BYTES / (1024 * 1024));
  else if (!g_utf8_validate_len (import->contents, import->length, NULL))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The file is not text in UTF-8; save it as UTF-8 text or CSV."));
  else
    {
      import_next (task);
      return;
    }
  g_object_unref (task);
}

/**
 * pd_desk_import_async:
 * @file: text or CSV: one code a line, or ITEM,CODE
 *
 * Captures every code of the file like a scan (source "file"), one line after another. Finish
 * with how many were taken and the problems, line by line.
 */
void
pd_desk_import_async (PdDesk              *self,
                      PdPackingOrder      *packing,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Import *import = g_new0 (Import, 1);

  import->packing = g_object_ref (packing);
  import->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_source_tag (task, pd_desk_import_async);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_file_load_partial_contents_async (file, cancellable, import_read_more, on_import_loaded, task);
}

/* Returns: how many codes were taken; PROBLEMS gets the refused lines with their reasons */
guint
pd_desk_import_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GStrv         *problems,
                       GError       **error)
{
  Import *import = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  if (problems != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < import->problems->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (import->problems, i));
      if (import->refused > MAX_IMPORT_PROBLEMS)
        g_strv_builder_take (builder,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more line was refused.",
                                                           "…and %u more lines were refused.",
                                                           import->refused - MAX_IMPORT_PROBLEMS),
                                              import->refused - MAX_IMPORT_PROBLEMS));
      *problems = g_strv_builder_end (builder);
    }
  return import->accepted;
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_csv (GTask *task,
           GFile *file,
           char  *csv)
{
  g_autofree char *owned = csv;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_strconcat (PD_CSV_BOM, csv, NULL),
                                              strlen (PD_CSV_BOM) + strlen (csv));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), on_exported, task);
}

/* Writes the order's codes and verdicts as CSV (see pd_packing_order_to_csv()). */
void
pd_desk_export_async (PdDesk              *self,
                      PdPackingOrder      *packing,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_desk_export_async);
  write_csv (task, file, pd_packing_order_to_csv (packing));
}

static void
on_journal_exported (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;
  char *csv = pd_journal_export_finish (PD_JOURNAL (source), result, &error);

  if (csv == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_csv (task, g_task_get_task_data (task), csv);
}

/* Writes every code the journal holds, of every order, as CSV. Finish with pd_desk_export_finish(). */
void
pd_desk_export_all_async (PdDesk              *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_desk_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  pd_journal_export_async (self->journal, cancellable, on_journal_exported, task);
}

gboolean
pd_desk_export_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
