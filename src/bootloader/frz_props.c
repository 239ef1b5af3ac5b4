/*
 * Freeze.Sdk bootloader: the runtime properties the app starts with.
 *
 * The startup hook (Freeze.Runtime.dll) costs the runtime several milliseconds, so it is
 * installed only where needed: 'startup-hook-when=always' (module archive, runtime hooks),
 * 'worker' (only for a --freeze-worker command line), 'never'. A frozen app ignores
 * DOTNET_STARTUP_HOOKS from the environment, as PyInstaller's isolated interpreter ignores
 * PYTHON* variables, unless it was built with FreezeAllowStartupHooks=true.
 */
#include "frz_props.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_archive.h"
#include "frz_log.h"
#include "frz_os.h"


/* Runtime properties whose environment variables the runtime would let win over the
 * runtimeconfig value (documented in docs/runtime.md). */
static const struct {
    const char *property;
    const char *variable; /* after DOTNET_ / COMPlus_ */
} _frz_props_overridable[] = {
    { "System.GC.Server", "gcServer" },
    { "System.GC.Concurrent", "gcConcurrent" },
    { "System.GC.RetainVM", "GCRetainVM" },
    { "System.GC.HeapCount", "GCHeapCount" },
    { "System.GC.HeapHardLimit", "GCHeapHardLimit" },
    { "System.GC.HeapHardLimitPercent", "GCHeapHardLimitPercent" },
    { "System.GC.NoAffinitize", "GCNoAffinitize" },
    { "System.GC.HeapAffinitizeMask", "GCHeapAffinitizeMask" },
    { "System.GC.ConserveMemory", "GCConserveMemory" },
    { "System.Runtime.TieredCompilation", "TieredCompilation" },
    { "System.Runtime.TieredCompilation.QuickJit", "TC_QuickJit" },
    { "System.Runtime.TieredCompilation.QuickJitForLoops", "TC_QuickJitForLoops" },
    { "System.Runtime.TieredPGO", "TieredPGO" },
};

static int
_frz_props_is_property(const struct FRZ_TOC_ENTRY *entry)
{
    return entry->typecode == FRZ_TYPE_OPTION &&
           strncmp(entry->name, FRZ_OPTION_PROPERTY_PREFIX, strlen(FRZ_OPTION_PROPERTY_PREFIX)) == 0 &&
           strchr(entry->name, '=') != NULL;
}

void
frz_props_clear_overridden_environment(const struct FRZ_CONTEXT *ctx)
{
    char variable[128];
    uint32_t e;
    size_t i;

    for (e = 0; e < ctx->archive.entry_count; e++) {
        const struct FRZ_TOC_ENTRY *entry = &ctx->archive.entries[e];
        const char *name;
        size_t length;

        if (!_frz_props_is_property(entry)) {
            continue;
        }
        name = entry->name + strlen(FRZ_OPTION_PROPERTY_PREFIX);
        length = (size_t)(strchr(name, '=') - name);
        for (i = 0; i < sizeof(_frz_props_overridable) / sizeof(_frz_props_overridable[0]); i++) {
            if (strlen(_frz_props_overridable[i].property) != length ||
                strncmp(_frz_props_overridable[i].property, name, length) != 0) {
                continue;
            }
            if (snprintf(variable, sizeof(variable), "DOTNET_%s", _frz_props_overridable[i].variable) > 0 &&
                frz_os_getenv(variable) != NULL) {
                FRZ_TRACE("unset %s: the build fixed %s", variable, _frz_props_overridable[i].property);
                (void)frz_os_unsetenv(variable);
            }
            if (snprintf(variable, sizeof(variable), "COMPlus_%s", _frz_props_overridable[i].variable) > 0 &&
                frz_os_getenv(variable) != NULL) {
                (void)frz_os_unsetenv(variable);
            }
        }
    }
}

/* Is the Freeze.Runtime startup hook wanted in this process? */
static int
_frz_props_wants_hook(const struct FRZ_CONTEXT *ctx)
{
    const char *when = ctx->archive.options.startup_hook_when;

    if (ctx->archive.options.startup_hook == NULL) {
        return 0;
    }
    if (when == NULL || strcmp(when, FRZ_VALUE_HOOK_ALWAYS) == 0) {
        return 1;
    }
    if (strcmp(when, FRZ_VALUE_HOOK_WORKER) == 0) {
        return ctx->argc > 1 && strcmp(ctx->argv[1], FRZ_WORKER_SWITCH) == 0;
    }
    return 0;
}

int32_t
frz_props_set(const struct FRZ_CONTEXT *ctx, frz_props_setter set, void *handle,
              const char *startup_hook_path, const char **failed)
{
    const char *allow = ctx->archive.options.allow_startup_hooks;
    const char *inherited = allow != NULL && strcmp(allow, FRZ_VALUE_TRUE) == 0 ? frz_os_getenv("DOTNET_STARTUP_HOOKS") : NULL;
    const char *ours = _frz_props_wants_hook(ctx) ? startup_hook_path : NULL;
    char *hooks = NULL;
    size_t size;
    int32_t status = 0;
    uint32_t e;

    size = (inherited != NULL ? strlen(inherited) : 0) + (ours != NULL ? strlen(ours) : 0) + 2;
    hooks = malloc(size);
    if (hooks == NULL) {
        *failed = FRZ_PROPERTY_STARTUP_HOOKS;
        return -1;
    }
    (void)snprintf(hooks, size, "%s%s%s", inherited != NULL ? inherited : "",
                   inherited != NULL && inherited[0] != '\0' && ours != NULL ? FRZ_OS_PATH_LIST_SEPARATOR : "",
                   ours != NULL ? ours : "");
    FRZ_TRACE("STARTUP_HOOKS=%s", hooks);
    status = set(handle, FRZ_PROPERTY_STARTUP_HOOKS, hooks);
    free(hooks);
    if (status < 0) {
        *failed = FRZ_PROPERTY_STARTUP_HOOKS;
        return status;
    }

    for (e = 0; e < ctx->archive.entry_count; e++) {
        const struct FRZ_TOC_ENTRY *entry = &ctx->archive.entries[e];
        const char *key;
        const char *equals;
        char *name;

        if (!_frz_props_is_property(entry)) {
            continue;
        }
        key = entry->name + strlen(FRZ_OPTION_PROPERTY_PREFIX);
        equals = strchr(key, '=');
        /* Any length: the name is copied, never cut. */
        name = malloc((size_t)(equals - key) + 1);
        if (name != NULL) {
            memcpy(name, key, (size_t)(equals - key));
            name[equals - key] = '\0';
        }
        if (name == NULL) {
            *failed = entry->name;
            return -1;
        }
        FRZ_TRACE("runtime property %s=%s", name, equals + 1);
        status = set(handle, name, equals + 1);
        free(name);
        if (status < 0) {
            *failed = entry->name;
            return status;
        }
    }
    return 0;
}
