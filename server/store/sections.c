/*
 * The fixture sections of every API, in load order. One list for the server and for the
 * build tool that turns fixtures into snapshots, so the two cannot disagree.
 */
#include "store/oco_fixture.h"
#include "store/pcvisit.h"
#include "store/remotepc.h"
#include "store/store.h"

const struct store_section *const store_sections[] = {
    &store_rp_section,
    &store_oco_section,
    &store_pcv_section,
};
const size_t store_nsections = sizeof store_sections / sizeof store_sections[0];
