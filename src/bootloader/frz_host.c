/*
 * Freeze.Sdk bootloader: find and load hostfxr, run the app.
 *
 * Self-contained: <home>/libhostfxr.so with dotnet_root = home.
 * Framework-dependent: the installed runtime, searched like the .NET apphost:
 * DOTNET_ROOT_<ARCH>, DOTNET_ROOT, /etc/dotnet/install_location_<arch>,
 * /etc/dotnet/install_location, /usr/share/dotnet, /usr/lib/dotnet; in the
 * first root whose host/fxr/ holds a version folder with libhostfxr.so, the
 * highest version wins.
 */
#include "frz_host.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_error_codes.h"
#include "frz_log.h"
#include "frz_modules.h"
#include "frz_os.h"
#include "frz_path.h"
#include "frz_props.h"

/* hostfxr's C API (dotnet/runtime src/native/corehost/hostfxr.h); char_t is
 * frz_os_char (wchar_t on Windows). */
typedef void *_frz_hostfxr_handle;
struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS {
    size_t size;                    /* sizeof this struct */
    const frz_os_char *host_path;   /* the executable that hosts the runtime */
    const frz_os_char *dotnet_root; /* root of the runtime */
};
typedef int32_t (*_frz_hostfxr_initialize_fn)(int argc, const frz_os_char **argv,
                                              const struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS *p,
                                              _frz_hostfxr_handle *handle);
typedef int32_t (*_frz_hostfxr_set_property_fn)(const _frz_hostfxr_handle handle,
                                                const frz_os_char *name, const frz_os_char *value);
typedef int32_t (*_frz_hostfxr_get_property_fn)(const _frz_hostfxr_handle handle,
                                                const frz_os_char *name, const frz_os_char **value);
typedef int32_t (*_frz_hostfxr_run_app_fn)(const _frz_hostfxr_handle handle);
typedef int32_t (*_frz_hostfxr_close_fn)(const _frz_hostfxr_handle handle);

/* The loaded hosting API and the runtime being initialized. */
struct _FRZ_HOST_API {
    _frz_hostfxr_initialize_fn initialize;
    _frz_hostfxr_set_property_fn set_property;
    _frz_hostfxr_get_property_fn get_property;
    _frz_hostfxr_run_app_fn run_app;
    _frz_hostfxr_close_fn close;
    _frz_hostfxr_handle handle; /* from initialize, NULL before */
};

/* hostfxr_set_runtime_property_value with UTF-8 strings (frz_props_setter). */
static int32_t
_frz_host_set(void *state, const char *name, const char *value)
{
    struct _FRZ_HOST_API *api = state;
    frz_os_char *native_name = frz_os_native_string(name);
    frz_os_char *native_value = frz_os_native_string(value);
    int32_t status = -1;

    if (native_name != NULL && native_value != NULL) {
        status = api->set_property(api->handle, native_name, native_value);
    }
    free(native_name);
    free(native_value);
    return status;
}

/* hostfxr_get_runtime_property_value as UTF-8 (malloc'd into *VALUE, NULL
 * when the property is unset). */
static int32_t
_frz_host_get(struct _FRZ_HOST_API *api, const char *name, char **value)
{
    frz_os_char *native_name = frz_os_native_string(name);
    const frz_os_char *native_value = NULL;
    int32_t status = -1;

    *value = NULL;
    if (native_name != NULL) {
        status = api->get_property(api->handle, native_name, &native_value);
        if (status >= 0 && native_value != NULL) {
            *value = frz_os_utf8_string(native_value);
        }
    }
    free(native_name);
    return status;
}

/* A parsed version folder name. */
struct _FRZ_HOST_VERSION {
    unsigned long part[3]; /* major, minor, patch */
    const char *pre;       /* prerelease (after '-'), or NULL */
    size_t pre_length;     /* its length (up to '+' or the end) */
};

static int
_frz_host_parse_number(const char **cursor, unsigned long *value)
{
    const char *p = *cursor;
    char *end;

    if (!isdigit((unsigned char)*p)) {
        return -1;
    }
    errno = 0;
    *value = strtoul(p, &end, 10);
    if (errno != 0) {
        return -1;
    }
    *cursor = end;
    return 0;
}

static int
_frz_host_parse_version(const char *name, struct _FRZ_HOST_VERSION *version)
{
    const char *p = name;
    int i;

    memset(version, 0, sizeof(*version));
    for (i = 0; i < 3; i++) {
        if (_frz_host_parse_number(&p, &version->part[i]) != 0) {
            return -1;
        }
        if (i < 2 && *p++ != '.') {
            return -1;
        }
    }
    if (*p == '-') {
        version->pre = ++p;
        while (*p != '\0' && *p != '+') {
            p++;
        }
        version->pre_length = (size_t)(p - version->pre);
        if (version->pre_length == 0) {
            return -1;
        }
    }
    if (*p != '\0' && *p != '+') {
        return -1;
    }
    return 0;
}

int
frz_host_is_version(const char *name)
{
    struct _FRZ_HOST_VERSION version;

    return _frz_host_parse_version(name, &version) == 0;
}

static int
_frz_host_is_numeric(const char *s, size_t length)
{
    size_t i;

    for (i = 0; i < length; i++) {
        if (!isdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return length > 0;
}

/* Semantic-version precedence of two prerelease strings. */
static int
_frz_host_compare_prerelease(const char *a, size_t a_length, const char *b, size_t b_length)
{
    size_t ai = 0;
    size_t bi = 0;
    size_t an;
    size_t bn;
    int a_numeric;
    int b_numeric;
    int c;

    while (ai < a_length && bi < b_length) {
        for (an = 0; ai + an < a_length && a[ai + an] != '.'; an++) {
        }
        for (bn = 0; bi + bn < b_length && b[bi + bn] != '.'; bn++) {
        }
        a_numeric = _frz_host_is_numeric(a + ai, an);
        b_numeric = _frz_host_is_numeric(b + bi, bn);
        if (a_numeric && b_numeric) {
            /* Compare numerically: longer (without leading zeros) is larger. */
            while (an > 1 && a[ai] == '0') {
                ai++;
                an--;
            }
            while (bn > 1 && b[bi] == '0') {
                bi++;
                bn--;
            }
            if (an != bn) {
                return an < bn ? -1 : 1;
            }
            c = memcmp(a + ai, b + bi, an);
        } else if (a_numeric != b_numeric) {
            /* Numeric identifiers have lower precedence. */
            return a_numeric ? -1 : 1;
        } else {
            c = memcmp(a + ai, b + bi, an < bn ? an : bn);
            if (c == 0 && an != bn) {
                c = an < bn ? -1 : 1;
            }
        }
        if (c != 0) {
            return c < 0 ? -1 : 1;
        }
        ai += an + 1;
        bi += bn + 1;
    }
    if (ai < a_length) {
        return 1;
    }
    if (bi < b_length) {
        return -1;
    }
    return 0;
}

int
frz_host_compare_versions(const char *left, const char *right)
{
    struct _FRZ_HOST_VERSION a;
    struct _FRZ_HOST_VERSION b;
    int a_ok = _frz_host_parse_version(left, &a) == 0;
    int b_ok = _frz_host_parse_version(right, &b) == 0;
    int i;

    if (!a_ok || !b_ok) {
        return a_ok - b_ok;
    }
    for (i = 0; i < 3; i++) {
        if (a.part[i] != b.part[i]) {
            return a.part[i] < b.part[i] ? -1 : 1;
        }
    }
    if (a.pre == NULL || b.pre == NULL) {
        /* A release is higher than any of its prereleases. */
        return (a.pre == NULL) - (b.pre == NULL);
    }
    return _frz_host_compare_prerelease(a.pre, a.pre_length, b.pre, b.pre_length);
}

/* What the search of one host/fxr folder has found so far. */
struct _FRZ_HOST_SEARCH {
    const char *fxr_dir;     /* <root>/host/fxr */
    char best[FRZ_PATH_MAX]; /* highest version folder holding hostfxr, or "" */
};

static int
_frz_host_visit_version(void *state, const char *name)
{
    struct _FRZ_HOST_SEARCH *search = state;
    char candidate[FRZ_PATH_MAX];

    if (!frz_host_is_version(name)) {
        return 0;
    }
    if (frz_path_join(candidate, sizeof(candidate), search->fxr_dir, name) != 0 ||
        frz_path_join(candidate, sizeof(candidate), candidate, FRZ_OS_HOSTFXR_NAME) != 0 ||
        !frz_path_is_file(candidate)) {
        return 0;
    }
    if ((search->best[0] == '\0' || frz_host_compare_versions(name, search->best) > 0) &&
        strlen(name) + 1 <= sizeof(search->best)) {
        memcpy(search->best, name, strlen(name) + 1);
    }
    return 0;
}

/* Look for the highest <root>/host/fxr/<version>/hostfxr. */
static int
_frz_host_search_root(struct FRZ_CONTEXT *ctx, const char *root)
{
    char fxr_dir[FRZ_PATH_MAX];
    struct _FRZ_HOST_SEARCH search;

    search.best[0] = '\0';
    search.fxr_dir = fxr_dir;
    if (frz_path_join(fxr_dir, sizeof(fxr_dir), root, "host") != 0 ||
        frz_path_join(fxr_dir, sizeof(fxr_dir), fxr_dir, "fxr") != 0) {
        return -1;
    }
    if (frz_os_list_dir(fxr_dir, _frz_host_visit_version, &search) != 0) {
        FRZ_TRACE("no %s: %s", fxr_dir, strerror(errno));
        return -1;
    }
    if (search.best[0] == '\0') {
        FRZ_TRACE("no version folder with %s in %s", FRZ_OS_HOSTFXR_NAME, fxr_dir);
        return -1;
    }
    if (frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), fxr_dir, search.best) != 0 ||
        frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), ctx->hostfxr_path,
                      FRZ_OS_HOSTFXR_NAME) != 0 ||
        strlen(root) + 1 > sizeof(ctx->dotnet_root)) {
        return -1;
    }
    memcpy(ctx->dotnet_root, root, strlen(root) + 1);
    return 0;
}

/* Append ", TEXT" to the list of places searched. */
static void
_frz_host_note(char *looked, size_t size, const char *label, const char *root)
{
    size_t used = strlen(looked);

    if (used < size) {
        (void)snprintf(looked + used, size - used, "%s%s%s%s", used ? ", " : "",
                       label ? label : "", label ? "=" : "", root);
    }
}

int
frz_host_find_hostfxr(struct FRZ_CONTEXT *ctx)
{
    static const char *const env_names[] = { "DOTNET_ROOT_" FRZ_OS_ARCH_UPPER, "DOTNET_ROOT" };
    char looked[2048];
    char location[FRZ_PATH_MAX];
    const char *label;
    const char *root;
    size_t i;
    int index;
    int found;

    looked[0] = '\0';
    if (ctx->self_contained) {
        if (frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), ctx->home_dir,
                          FRZ_OS_HOSTFXR_NAME) != 0) {
            frz_log_error(FRZ_CODE_NO_RUNTIME, "the path of %s in %s is too long",
                          FRZ_OS_HOSTFXR_NAME, ctx->home_dir);
            return -1;
        }
        memcpy(ctx->dotnet_root, ctx->home_dir, strlen(ctx->home_dir) + 1);
        return 0;
    }

    for (i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++) {
        root = frz_os_getenv(env_names[i]);
        if (root != NULL && root[0] != '\0') {
            _frz_host_note(looked, sizeof(looked), env_names[i], root);
            if (_frz_host_search_root(ctx, root) == 0) {
                goto found;
            }
        }
    }
    for (index = 0; (found = frz_os_dotnet_location(index, location, sizeof(location), &label)) >= 0;
         index++) {
        if (found != 0) {
            continue;
        }
        _frz_host_note(looked, sizeof(looked), label, location);
        if (_frz_host_search_root(ctx, location) == 0) {
            goto found;
        }
    }
    frz_log_error(FRZ_CODE_NO_RUNTIME,
                  "no .NET runtime found (looked for host/fxr/<version>/%s in: %s); install "
                  "the .NET runtime or set DOTNET_ROOT to its folder",
                  FRZ_OS_HOSTFXR_NAME, looked);
    return -1;

found:
    FRZ_TRACE("dotnet root %s", ctx->dotnet_root);
    return 0;
}

/* Open the module archive, so the runtime's bundle probe can answer from it. */
static int
_frz_host_open_modules(struct FRZ_CONTEXT *ctx)
{
    const struct FRZ_TOC_ENTRY *member;

    member = frz_archive_find(&ctx->archive, FRZ_TYPE_MODULE_ARCHIVE,
                              ctx->archive.options.module_archive);
    if (member == NULL) {
        frz_archive_set_error(&ctx->archive, "module archive '%s' is missing",
                              ctx->archive.options.module_archive);
        return -1;
    }
    if (frz_modules_open(&ctx->modules, &ctx->archive, member) != 0) {
        return -1;
    }
    FRZ_TRACE("module archive %s: %u assemblies", member->name, ctx->modules.count);
    /* The first assembly the runtime asks for, while hostfxr reads the app's configuration. */
    frz_modules_check_ahead(&ctx->modules, "System.Private.CoreLib.dll");
    return 0;
}

/* APP_CONTEXT_DEPS_FILES names the app's deps.json first, then the
 * frameworks'. The host read a deps.json without the module archive's
 * assemblies (it refuses to start when a listed assembly is not on disk);
 * the app (DependencyContext) reads the full one named by 'app-deps'. */
static int32_t
_frz_host_set_app_deps(const struct FRZ_CONTEXT *ctx, struct _FRZ_HOST_API *api)
{
    char *current = NULL;
    const char *rest;
    char *value;
    char app_deps[FRZ_PATH_MAX];
    size_t size;
    int32_t status;

    (void)_frz_host_get(api, FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES, &current);
    if (frz_path_join(app_deps, sizeof(app_deps), ctx->home_dir,
                      ctx->archive.options.app_deps) != 0) {
        free(current);
        return -1;
    }
    rest = current != NULL ? strchr(current, ';') : NULL;
    size = strlen(app_deps) + (rest != NULL ? strlen(rest) : 0) + 1;
    value = malloc(size);
    if (value == NULL) {
        free(current);
        return -1;
    }
    (void)snprintf(value, size, "%s%s", app_deps, rest != NULL ? rest : "");
    free(current);
    FRZ_TRACE(FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES "=%s", value);
    status = _frz_host_set(api, FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES, value);
    free(value);
    return status;
}

/* Load hostfxr and its hosting API into API. Reports errors (FRZ0305). */
static int
_frz_host_load(const struct FRZ_CONTEXT *ctx, struct _FRZ_HOST_API *api)
{
    char reason[512];
    void *library;

    library = frz_os_library_open(ctx->hostfxr_path, reason, sizeof(reason));
    if (library == NULL) {
        frz_log_error(FRZ_CODE_HOSTFXR_LOAD, "cannot load %s: %s", ctx->hostfxr_path, reason);
        return -1;
    }
    /* POSIX and Win32 allow converting a symbol's address to a function pointer. */
    *(void **)&api->initialize = frz_os_library_symbol(library, "hostfxr_initialize_for_dotnet_command_line");
    *(void **)&api->set_property = frz_os_library_symbol(library, "hostfxr_set_runtime_property_value");
    *(void **)&api->get_property = frz_os_library_symbol(library, "hostfxr_get_runtime_property_value");
    *(void **)&api->run_app = frz_os_library_symbol(library, "hostfxr_run_app");
    *(void **)&api->close = frz_os_library_symbol(library, "hostfxr_close");
    if (api->initialize == NULL || api->set_property == NULL || api->get_property == NULL ||
        api->run_app == NULL || api->close == NULL) {
        frz_log_error(FRZ_CODE_HOSTFXR_LOAD,
                      "%s lacks the hosting API (.NET 3.0 or later is required)",
                      ctx->hostfxr_path);
        return -1;
    }
    /* hostfxr stays loaded: unloading the runtime is not supported. */
    return 0;
}

int
frz_host_run(struct FRZ_CONTEXT *ctx, int *exit_code)
{
    struct FRZ_OPTIONS *options = &ctx->archive.options;
    struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS parameters;
    struct _FRZ_HOST_API api;
    frz_os_char **argv = NULL;
    frz_os_char *host_path = NULL;
    frz_os_char *dotnet_root = NULL;
    char main_assembly[FRZ_PATH_MAX];
    char startup_hook[FRZ_PATH_MAX];
    char probe[32];
    const char *failed = NULL;
    int argc = ctx->argc > 0 ? ctx->argc : 1;
    int32_t status;
    int i;
    int rc = -1;

    memset(&api, 0, sizeof(api));
    *exit_code = FRZ_EXIT_RUNTIME_FAILED;
    if (options->module_archive != NULL && _frz_host_open_modules(ctx) != 0) {
        frz_log_error(FRZ_CODE_ARCHIVE, "%s is corrupt: %s; rebuild the app", ctx->executable,
                      ctx->archive.error);
        *exit_code = FRZ_EXIT_ARCHIVE;
        goto cleanup;
    }
    if (frz_path_join(main_assembly, sizeof(main_assembly), ctx->home_dir,
                      options->main_assembly) != 0 ||
        (options->startup_hook != NULL &&
         frz_path_join(startup_hook, sizeof(startup_hook), ctx->home_dir,
                       options->startup_hook) != 0)) {
        frz_log_error(FRZ_CODE_RUNTIME_FAILED, "the path of the app in %s is too long",
                      ctx->home_dir);
        goto cleanup;
    }

    if (frz_host_find_hostfxr(ctx) != 0) {
        *exit_code = FRZ_EXIT_RUNTIME_MISSING;
        goto cleanup;
    }
    FRZ_TRACE("hostfxr %s", ctx->hostfxr_path);
    if (_frz_host_load(ctx, &api) != 0) {
        *exit_code = FRZ_EXIT_RUNTIME_MISSING;
        goto cleanup;
    }

    argv = calloc((size_t)argc + 1, sizeof(frz_os_char *));
    if (argv == NULL) {
        goto out_of_memory;
    }
    argv[0] = frz_os_native_string(main_assembly);
    for (i = 1; i < ctx->argc; i++) {
        argv[i] = frz_os_native_string(ctx->argv[i]);
        if (argv[i] == NULL) {
            goto out_of_memory;
        }
    }
    host_path = frz_os_native_string(ctx->executable);
    dotnet_root = frz_os_native_string(ctx->dotnet_root);
    if (argv[0] == NULL || host_path == NULL || dotnet_root == NULL) {
        goto out_of_memory;
    }
    parameters.size = sizeof(parameters);
    parameters.host_path = host_path;
    parameters.dotnet_root = dotnet_root;
    frz_props_clear_overridden_environment(ctx);
    FRZ_TRACE("initializing the runtime for %s", main_assembly);
    status = api.initialize(argc, (const frz_os_char **)argv, &parameters, &api.handle);
    if (status < 0 || api.handle == NULL) {
        frz_log_error(FRZ_CODE_RUNTIME_FAILED,
                      "the .NET runtime could not be initialized for %s (hostfxr error "
                      "0x%08x); run with COREHOST_TRACE=1 for details",
                      main_assembly, (unsigned)status);
        goto cleanup;
    }

    failed = NULL;
    if ((status = _frz_host_set(&api, FRZ_PROPERTY_EXECUTABLE, ctx->executable)) < 0 ||
        (status = _frz_host_set(&api, FRZ_PROPERTY_HOME, ctx->home_dir)) < 0 ||
        (status = _frz_host_set(&api, FRZ_PROPERTY_MODE,
                                ctx->onefile ? FRZ_VALUE_ONEFILE : FRZ_VALUE_ONEDIR)) < 0) {
        failed = "FREEZE_*";
    } else if (options->module_archive != NULL &&
               (frz_modules_probe_property(&ctx->modules, probe, sizeof(probe)) != 0 ||
                (status = _frz_host_set(&api, FRZ_PROPERTY_BUNDLE_PROBE, probe)) < 0)) {
        failed = FRZ_PROPERTY_BUNDLE_PROBE;
    } else if (options->app_deps != NULL && (status = _frz_host_set_app_deps(ctx, &api)) < 0) {
        failed = FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES;
    } else if ((status = frz_props_set(ctx, _frz_host_set, &api,
                                       options->startup_hook != NULL ? startup_hook : NULL,
                                       &failed)) < 0) {
        /* failed names the property */
    }
    if (failed != NULL) {
        frz_log_error(FRZ_CODE_RUNTIME_FAILED,
                      "cannot set the runtime property %s of %s (hostfxr error 0x%08x)", failed,
                      main_assembly, (unsigned)status);
        goto cleanup;
    }
    FRZ_TRACE("runtime properties set");

    FRZ_TRACE("running the app");
    status = api.run_app(api.handle);
    FRZ_TRACE("the app returned %d", (int)status);
    *exit_code = (int)status;
    rc = 0;
    goto cleanup;

out_of_memory:
    frz_log_error(FRZ_CODE_RUNTIME_FAILED, "out of memory");
cleanup:
    if (api.handle != NULL) {
        (void)api.close(api.handle);
    }
    if (argv != NULL) {
        for (i = 0; i < argc; i++) {
            free(argv[i]);
        }
        free(argv);
    }
    free(host_path);
    free(dotnet_root);
    /* The module archive stays open: the runtime may probe it until the process ends. */
    return rc;
}
