/*
 * plan.c - what the planners share: picking one by provider.
 */
#include "plan.h"

const plan_dialect *plan_dialect_for(ir_provider provider)
{
    switch (provider) {
    case IR_PROVIDER_SQLITE: return &plan_sqlite_dialect;
    case IR_PROVIDER_POSTGRESQL: return &plan_postgres_dialect;
    case IR_PROVIDER_NONE: break;
    }
    return NULL;
}
