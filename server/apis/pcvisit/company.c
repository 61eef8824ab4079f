/*
 * Company and user queries (seed 002): CaRetrievePublicCompanyData (a company's imprint)
 * and SiFindUserByMail (a user, team accounts refused as the reference's description says).
 */
#include "apis/pcvisit/pcv_int.h"

#include <string.h>

static void add_text(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_ms(cJSON *o, const char *key, bool has, int64_t ms)
{
    if (has)
        cJSON_AddNumberToObject(o, key, (double)ms);
    else
        cJSON_AddNullToObject(o, key);
}

/* F-PCV-073: public data: any company by customer uuid, else by company id. */
const cJSON *pcv__ca_retrieve_public_company_data(const struct gql_resolve_info *info)
{
    const cJSON *failure;
    if (!pcv__authorize(info, &failure))
        return failure;
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(info->args, "id");
    const char *key = cJSON_IsString(id) ? id->valuestring : "";
    struct store_pcv_company c;
    int rc = store_pcv_company_find(ctx->tenant, a, key, false, &c);
    if (rc == RM_ENOTFOUND)
        rc = store_pcv_company_find(ctx->tenant, a, key, true, &c);
    if (rc == RM_ENOTFOUND)
        return pcv__failure(info, "NotFound",
                            rm_arena_printf(a, "no company has the id or customer uuid %s", key));
    if (rc != RM_OK)
        return pcv__internal(info);
    cJSON *o = pcv__object("Imprint");
    cJSON *addr = o ? cJSON_AddObjectToObject(o, "address") : NULL;
    if (!addr) {
        cJSON_Delete(o);
        return NULL;
    }
    add_text(addr, "street", c.street);
    add_text(addr, "zipCode", c.zip_code);
    add_text(addr, "city", c.city);
    add_text(addr, "country", c.country);
    add_text(o, "companyId", c.company_id);
    add_text(o, "companyName", c.company_name);
    add_text(o, "customerUuid", c.customer_uuid);
    add_text(o, "email", c.email);
    cJSON_AddBoolToObject(o, "isPictureFallback", c.is_picture_fallback);
    add_text(o, "phone", c.phone);
    add_text(o, "picture", c.picture);
    add_text(o, "vatId", c.vat_id);
    return pcv__keep(info, o);
}

/* The login policy rmmsim reports for every company of a user: e-mail and password. */
static cJSON *login_policy(void)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddTrueToObject(p, "allowRememberBrowser");
    cJSON_AddNullToObject(p, "challengeChannel");
    cJSON_AddTrueToObject(p, "companyMayChangePhoneNumber");
    cJSON_AddStringToObject(p, "type", "email_password");
    return p;
}

static cJSON *user_json(struct pcv__ctx *ctx, const struct store_pcv_user *u)
{
    struct rm_arena *a = &ctx->req->arena;
    const char **member = NULL, **in_charge = NULL;
    size_t nmember = 0, nin_charge = 0;
    if (store_pcv_user_companies(ctx->tenant, a, u->id, false, &member, &nmember) != RM_OK ||
        store_pcv_user_companies(ctx->tenant, a, u->id, true, &in_charge, &nin_charge) != RM_OK)
        return NULL;
    cJSON *o = pcv__object("User");
    cJSON *policies = o ? cJSON_AddArrayToObject(o, "loginPoliciesOfCompanies") : NULL;
    if (!policies) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddItemToObject(o, "company_ids", cJSON_CreateStringArray(member, (int)nmember));
    cJSON_AddItemToObject(o, "company_in_charge_ids",
                          cJSON_CreateStringArray(in_charge, (int)nin_charge));
    add_ms(o, "created", true, u->created);
    add_text(o, "email", u->email);
    cJSON_AddBoolToObject(o, "email_verified", u->email_verified);
    add_text(o, "firstName", u->first_name);
    add_text(o, "id", u->auth0_id);
    cJSON_AddBoolToObject(o, "isPictureFallback", u->is_picture_fallback);
    add_ms(o, "lastLogin", u->has_last_login, u->last_login);
    add_text(o, "lastName", u->last_name);
    add_ms(o, "lastPasswordReset", u->has_last_password_reset, u->last_password_reset);
    for (size_t i = 0; i < nmember; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToArray(policies, p);
        cJSON_AddStringToObject(p, "customer_uuid", member[i]);
        cJSON_AddItemToObject(p, "loginPolicy", login_policy());
        cJSON_AddStringToObject(p, "role", "supporter");
    }
    add_text(o, "phone", u->phone);
    add_text(o, "picture", u->picture);
    cJSON_AddItemToObject(o, "strongestActiveLoginPolicy", login_policy());
    return o;
}

/* F-PCV-074, F-PCV-075: by e-mail (any case), among the users of the caller's companies;
 * a team account is refused with FunctionNotAvailable. */
const cJSON *pcv__si_find_user_by_mail(const struct gql_resolve_info *info)
{
    const cJSON *failure;
    const struct pcv__caller *caller = pcv__authorize(info, &failure);
    if (!caller)
        return failure;
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const cJSON *arg = cJSON_GetObjectItemCaseSensitive(info->args, "email");
    const char *email = cJSON_IsString(arg) ? arg->valuestring : "";
    if (!rm_email_valid(email))
        return pcv__failure(info, "InvalidParameter", "email is not an e-mail address");
    struct store_pcv_user u;
    int rc = store_pcv_user_by_email(ctx->tenant, a, email, &u);
    if (rc == RM_OK && strcmp(u.auth0_id, caller->sub) != 0)
        rc = store_pcv_users_share_company(ctx->tenant, caller->sub, u.auth0_id);
    if (rc == RM_ENOTFOUND)
        return pcv__failure(
            info, "NotFound",
            rm_arena_printf(a, "no user with e-mail %s in the caller's companies", email));
    if (rc != RM_OK)
        return pcv__internal(info);
    if (u.team_account)
        return pcv__failure(info, "FunctionNotAvailable",
                            "team accounts can't be requested this way");
    return pcv__keep(info, user_json(ctx, &u));
}
