/*
 * Freeze.Sdk bootloader: the runtime properties the app starts with.
 */
#ifndef FRZ_PROPS_H
#define FRZ_PROPS_H

#include <stdint.h>

#include "frz_global.h"

/* hostfxr_set_runtime_property_value, with the handle made opaque. */
typedef int32_t (*frz_props_setter)(void *handle, const char *name, const char *value);

/* Before the runtime starts: remove the DOTNET_ and COMPlus_ variables that would override a
 * runtime option fixed at build time ('property:' options), so the build wins. */
void frz_props_clear_overridden_environment(const struct FRZ_CONTEXT *ctx);

/* Set STARTUP_HOOKS (always, so that DOTNET_STARTUP_HOOKS from the environment is dropped
 * unless 'allow-startup-hooks' says otherwise; the Freeze.Runtime hook only where
 * 'startup-hook-when' asks for it) and every 'property:NAME=VALUE' option. Returns 0, or the
 * failed hostfxr status (negative) with *failed naming the property. */
int32_t frz_props_set(const struct FRZ_CONTEXT *ctx, frz_props_setter set, void *handle,
                      const char *startup_hook_path, const char **failed);

#endif /* FRZ_PROPS_H */
