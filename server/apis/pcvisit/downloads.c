/*
 * Exported documents (AcExportSessionsHistory's exportDocumentDownloadLink): kept in memory
 * for a while and served at /graphql/exports/<id>.<ext> (F-PCV-071).
 */
#include "apis/pcvisit/pcv_int.h"

#include "apis/pcvisit/export.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCS_MAX 64                   /* documents kept at once; a new one drops the oldest */
#define DOC_LIFETIME_MS (3600 * 1000) /* by rmmsim's clock */
#define DOC_ID_BYTES 16               /* 32 hex digits: the link is the only credential */

struct doc {
    char id[2 * DOC_ID_BYTES + 1]; /* "" = a free slot */
    char tenant[STORE_TENANT_ID_MAX];
    int format; /* enum pcv_export_format */
    char *data; /* malloc */
    size_t len;
    int64_t generated_ms;
};

static struct doc docs[DOCS_MAX];
static pthread_mutex_t docs_lock = PTHREAD_MUTEX_INITIALIZER;

const char *pcv__download_put(struct rm_arena *a, const char *tenant_id, int format, char *data,
                              size_t len, int64_t generated_ms)
{
    char id[2 * DOC_ID_BYTES + 1];
    const char *name = NULL;
    if (rm_random_hex(id, DOC_ID_BYTES) == RM_OK)
        name = rm_arena_printf(a, "%s.%s", id, pcv_export_format_name(format));
    if (!name) {
        free(data);
        return NULL;
    }
    pthread_mutex_lock(&docs_lock);
    struct doc *slot = &docs[0];
    for (size_t i = 0; i < DOCS_MAX; i++) {
        if (!docs[i].id[0]) {
            slot = &docs[i];
            break;
        }
        if (docs[i].generated_ms < slot->generated_ms)
            slot = &docs[i];
    }
    char *old = slot->data;
    snprintf(slot->id, sizeof slot->id, "%s", id);
    snprintf(slot->tenant, sizeof slot->tenant, "%s", tenant_id);
    slot->format = format;
    slot->data = data;
    slot->len = len;
    slot->generated_ms = generated_ms;
    pthread_mutex_unlock(&docs_lock);
    free(old);
    return name;
}

void pcv__download_serve(struct http_req *req, struct http_res *res)
{
    const char *file = req->path_params[0];
    size_t id_len = strcspn(file, ".");
    const char *ext = file[id_len] ? file + id_len + 1 : "";
    const char *tenant = req->tenant ? store_tenant_id(req->tenant) : STORE_DEFAULT_TENANT;
    int64_t now = rm_clock_now_ms();
    char *body = NULL;
    size_t len = 0;
    int format = -1;
    int64_t generated = 0;
    pthread_mutex_lock(&docs_lock);
    for (size_t i = 0; i < DOCS_MAX && format < 0; i++) {
        struct doc *d = &docs[i];
        if (!d->id[0] || strlen(d->id) != id_len || memcmp(d->id, file, id_len) != 0 ||
            strcmp(ext, pcv_export_format_name(d->format)) != 0 || strcmp(d->tenant, tenant))
            continue;
        /* Copied: another export may take the slot before the reply is written. */
        if (now - d->generated_ms < DOC_LIFETIME_MS &&
            (body = rm_arena_alloc(&req->arena, d->len ? d->len : 1))) {
            memcpy(body, d->data, d->len);
            len = d->len;
            format = d->format;
            generated = d->generated_ms;
        }
        break;
    }
    pthread_mutex_unlock(&docs_lock);
    if (format < 0) {
        req->api->error(req, res, 404, "No such export (exports are kept for one hour)");
        return;
    }
    char name[PCV_EXPORT_FILE_NAME_MAX];
    pcv_export_file_name(format, generated, name);
    const char *disposition = rm_arena_printf(&req->arena, "attachment; filename=\"%s\"", name);
    http_res_set(res, 200, pcv_export_content_type(format), body, len);
    if (disposition)
        http_res_header(res, "Content-Disposition", disposition);
}
