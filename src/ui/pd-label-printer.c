/* pd-label-printer.c — an order's box labels from the Market to the printer: the PDF in the
 * page format chosen in Preferences, its pages drawn by poppler through GtkPrintOperation, each
 * on paper of its own size and at its own scale (a 58 × 40 mm label stays 58 × 40 mm), to the
 * printer chosen in Preferences, or through the print dialog when none is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "pd-label-printer.h"

typedef struct
{
  PdPackingOrder    *packing;
  gint64             box_id;
  GtkWindow         *parent;
  char              *printer;
  PopplerDocument   *document;
  GtkPrintOperation *operation;
  gboolean           done;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->packing);
  g_clear_object (&job->parent);
  g_free (job->printer);
  g_clear_object (&job->document);
  if (job->operation != NULL)
    g_signal_handlers_disconnect_by_data (job->operation, job);
  g_clear_object (&job->operation);
  g_free (job);
}

/* Paper exactly the size of PAGE, upright: the printer gets the label's own size. */
static void
fit_paper (GtkPageSetup *setup,
           PopplerPage  *page)
{
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autofree char *name = NULL;
  double width = 0, height = 0;

  poppler_page_get_size (page, &width, &height);
  name = g_strdup_printf ("packdesk-label-%.0fx%.0f", width, height);
  paper = gtk_paper_size_new_custom (name, name, width, height, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
}

static void
on_request_page_setup (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GtkPageSetup      *setup,
                       gpointer           data)
{
  Job *job = data;
  PopplerPage *page = poppler_document_get_page (job->document, page_nr);

  if (page == NULL)
    return;
  fit_paper (setup, page);
  g_object_unref (page);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           data)
{
  Job *job = data;
  PopplerPage *page = poppler_document_get_page (job->document, page_nr);

  if (page == NULL)
    return;
  /* The context is in points from the paper's corner (full page), so the page goes as it is. */
  poppler_page_render_for_printing (page, gtk_print_context_get_cairo_context (context));
  g_object_unref (page);
}

static void on_done (GtkPrintOperation       *operation,
                     GtkPrintOperationResult  result,
                     gpointer                 data);

static void
job_finish (GTask                   *task,
            GtkPrintOperationResult  result)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->done)
    return;
  job->done = TRUE;
  /* "done" holds the task; once it is answered, nothing more is waited for. */
  g_signal_handlers_disconnect_by_func (job->operation, on_done, task);
  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (job->operation, &error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The labels could not be printed: %s"),
                               error != NULL ? error->message : _("the printer did not say why"));
      g_clear_error (&error);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled"));
      break;
    case GTK_PRINT_OPERATION_RESULT_APPLY:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      /* Only the whole set brings the boxes and their labels in line again. */
      if (job->box_id == 0)
        pd_packing_order_labels_printed (job->packing);
      g_task_return_boolean (task, TRUE);
      break;
    }
}

static void
on_done (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 data)
{
  job_finish (data, result);
}

static char *
job_name (Job *job)
{
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            pd_order_get_id (pd_packing_order_get_order (job->packing)));
  g_autofree char *box = g_strdup_printf ("%" G_GINT64_FORMAT, job->box_id);

  /* Translators: the print job's name, as the printer queue shows it */
  return job->box_id != 0 ? g_strdup_printf (_("Order %s, label of box %s"), order, box)
                          : g_strdup_printf (_("Order %s, labels"), order);
}

static void
print_document (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  PopplerPage *first = poppler_document_get_page (job->document, 0);
  g_autofree char *name = job_name (job);
  GtkPrintOperationResult result;
  GError *error = NULL;

  if (job->printer != NULL && *job->printer != '\0')
    gtk_print_settings_set_printer (settings, job->printer);
  gtk_print_settings_set_scale (settings, 100);
  /* on_fetched made sure there is a first page. */
  fit_paper (setup, first);
  g_object_unref (first);

  job->operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (job->operation, name);
  gtk_print_operation_set_n_pages (job->operation, poppler_document_get_n_pages (job->document));
  gtk_print_operation_set_use_full_page (job->operation, TRUE);
  gtk_print_operation_set_unit (job->operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (job->operation, setup);
  gtk_print_operation_set_print_settings (job->operation, settings);
  gtk_print_operation_set_allow_async (job->operation, TRUE);
  g_signal_connect (job->operation, "request-page-setup", G_CALLBACK (on_request_page_setup), job);
  g_signal_connect (job->operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_signal_connect_data (job->operation, "done", G_CALLBACK (on_done), g_object_ref (task),
                         (GClosureNotify) g_object_unref, 0);

  result = gtk_print_operation_run (job->operation,
                                    job->printer != NULL && *job->printer != '\0'
                                      ? GTK_PRINT_OPERATION_ACTION_PRINT
                                      : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    job->parent, &error);
  g_clear_error (&error);
  /* An answer at once ("done" may or may not come too): the first one counts. */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    job_finish (task, result);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) pdf = NULL;
  GError *error = NULL;

  pdf = pd_market_client_get_labels_finish (PD_MARKET_CLIENT (source), result, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->document = poppler_document_new_from_bytes (pdf, NULL, &error);
  if (job->document == NULL || poppler_document_get_n_pages (job->document) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The Market’s labels file cannot be read (%s). Try again later."),
                               error != NULL ? error->message : _("it has no pages"));
      g_clear_error (&error);
      return;
    }
  print_document (task);
}

/**
 * pd_label_printer_print_async:
 * @box_id: one box's label, or 0 for all the order's labels
 *
 * Fetches the labels in the format of the "label-format" setting and prints them on the
 * "label-printer" (the print dialog when it is empty). Printing all the labels marks them
 * printed on @packing.
 */
void
pd_label_printer_print_async (PdMarketClient      *client,
                              GSettings           *settings,
                              GtkWindow           *parent,
                              PdPackingOrder      *packing,
                              gint64               box_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);
  g_autofree char *format = g_settings_get_string (settings, "label-format");

  g_task_set_source_tag (task, pd_label_printer_print_async);
  job->packing = g_object_ref (packing);
  job->box_id = box_id;
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->printer = g_settings_get_string (settings, "label-printer");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  pd_market_client_get_labels_async (client, pd_packing_order_get_order (packing), box_id, format,
                                     cancellable, on_fetched, task);
}

gboolean
pd_label_printer_print_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
