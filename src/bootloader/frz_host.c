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
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_error_codes.h"
#include "frz_glibc.h"
#include "frz_log.h"
#include "frz_modules.h"
#include "frz_path.h"
#include "frz_props.h"

/* Architecture names used by the .NET install locations. */
#if defined(__x86_64__)
#define _FRZ_HOST_ARCH "x64"
#define _FRZ_HOST_ARCH_UPPER "X64"
#elif defined(__aarch64__)
#define _FRZ_HOST_ARCH "arm64"
#define _FRZ_HOST_ARCH_UPPER "ARM64"
#elif defined(__arm__)
#define _FRZ_HOST_ARCH "arm"
#define _FRZ_HOST_ARCH_UPPER "ARM"
#elif defined(__i386__)
#define _FRZ_HOST_ARCH "x86"
#define _FRZ_HOST_ARCH_UPPER "X86"
#elif defined(__riscv) && __riscv_xlen == 64
#define _FRZ_HOST_ARCH "riscv64"
#define _FRZ_HOST_ARCH_UPPER "RISCV64"
#elif defined(__loongarch64)
#define _FRZ_HOST_ARCH "loongarch64"
#define _FRZ_HOST_ARCH_UPPER "LOONGARCH64"
#elif defined(__s390x__)
#define _FRZ_HOST_ARCH "s390x"
#define _FRZ_HOST_ARCH_UPPER "S390X"
#elif defined(__powerpc64__)
#define _FRZ_HOST_ARCH "ppc64le"
#define _FRZ_HOST_ARCH_UPPER "PPC64LE"
#else
#error "frz_host.c: unknown architecture"
#endif

#if defined(__APPLE__)
#define _FRZ_HOST_FXR_NAME "libhostfxr.dylib"
#else
#define _FRZ_HOST_FXR_NAME "libhostfxr.so"
#endif

/* hostfxr's C API (dotnet/runtime src/native/corehost/hostfxr.h). */
typedef void *_frz_hostfxr_handle;
struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS {
    size_t size;             /* sizeof this struct */
    const char *host_path;   /* the executable that hosts the runtime */
    const char *dotnet_root; /* root of the runtime */
};
typedef int32_t (*_frz_hostfxr_initialize_fn)(int argc, const char **argv,
                                              const struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS *p,
                                              _frz_hostfxr_handle *handle);
typedef int32_t (*_frz_hostfxr_set_property_fn)(const _frz_hostfxr_handle handle,
                                                const char *name, const char *value);
typedef int32_t (*_frz_hostfxr_get_property_fn)(const _frz_hostfxr_handle handle,
                                                const char *name, const char **value);
typedef int32_t (*_frz_hostfxr_run_app_fn)(const _frz_hostfxr_handle handle);
typedef int32_t (*_frz_hostfxr_close_fn)(const _frz_hostfxr_handle handle);

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

/* Look for the highest <root>/host/fxr/<version>/libhostfxr.so. */
static int
_frz_host_search_root(struct FRZ_CONTEXT *ctx, const char *root)
{
    char fxr_dir[FRZ_PATH_MAX];
    char candidate[FRZ_PATH_MAX];
    char best[FRZ_PATH_MAX];
    struct dirent *item;
    DIR *dir = NULL;
    int rc = -1;

    best[0] = '\0';
    if (frz_path_join(fxr_dir, sizeof(fxr_dir), root, "host/fxr") != 0) {
        goto cleanup;
    }
    dir = opendir(fxr_dir);
    if (dir == NULL) {
        FRZ_TRACE("no %s: %s", fxr_dir, strerror(errno));
        goto cleanup;
    }
    while ((item = readdir(dir)) != NULL) {
        if (!frz_host_is_version(item->d_name)) {
            continue;
        }
        if (frz_path_join(candidate, sizeof(candidate), fxr_dir, item->d_name) != 0 ||
            frz_path_join(candidate, sizeof(candidate), candidate, _FRZ_HOST_FXR_NAME) != 0 ||
            !frz_path_is_file(candidate)) {
            continue;
        }
        if (best[0] == '\0' || frz_host_compare_versions(item->d_name, best) > 0) {
            if (strlen(item->d_name) + 1 > sizeof(best)) {
                continue;
            }
            memcpy(best, item->d_name, strlen(item->d_name) + 1);
        }
    }
    if (best[0] == '\0') {
        FRZ_TRACE("no version folder with %s in %s", _FRZ_HOST_FXR_NAME, fxr_dir);
        goto cleanup;
    }
    if (frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), fxr_dir, best) != 0 ||
        frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), ctx->hostfxr_path,
                      _FRZ_HOST_FXR_NAME) != 0 ||
        strlen(root) + 1 > sizeof(ctx->dotnet_root)) {
        goto cleanup;
    }
    memcpy(ctx->dotnet_root, root, strlen(root) + 1);
    rc = 0;

cleanup:
    if (dir != NULL) {
        (void)closedir(dir);
    }
    return rc;
}

/* First line of an install_location file, trimmed; 0 or -1. */
static int
_frz_host_read_install_location(const char *file, char *out, size_t size)
{
    FILE *stream;
    size_t length;
    int rc = -1;

    stream = fopen(file, "re");
    if (stream == NULL) {
        return -1;
    }
    if (fgets(out, (int)size, stream) == NULL) {
        goto cleanup;
    }
    length = strlen(out);
    while (length > 0 && isspace((unsigned char)out[length - 1])) {
        out[--length] = '\0';
    }
    rc = length > 0 ? 0 : -1;

cleanup:
    (void)fclose(stream);
    return rc;
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
    static const char *const env_names[] = { "DOTNET_ROOT_" _FRZ_HOST_ARCH_UPPER, "DOTNET_ROOT" };
    static const char *const location_files[] = {
        "/etc/dotnet/install_location_" _FRZ_HOST_ARCH, "/etc/dotnet/install_location"
    };
    static const char *const defaults[] = { "/usr/share/dotnet", "/usr/lib/dotnet" };
    char looked[2048];
    char location[FRZ_PATH_MAX];
    const char *root;
    size_t i;

    looked[0] = '\0';
    if (ctx->self_contained) {
        if (frz_path_join(ctx->hostfxr_path, sizeof(ctx->hostfxr_path), ctx->home_dir,
                          _FRZ_HOST_FXR_NAME) != 0) {
            frz_log_error(FRZ_CODE_NO_RUNTIME, "the path of %s in %s is too long",
                          _FRZ_HOST_FXR_NAME, ctx->home_dir);
            return -1;
        }
        memcpy(ctx->dotnet_root, ctx->home_dir, strlen(ctx->home_dir) + 1);
        return 0;
    }

    for (i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++) {
        root = getenv(env_names[i]);
        if (root != NULL && root[0] != '\0') {
            _frz_host_note(looked, sizeof(looked), env_names[i], root);
            if (_frz_host_search_root(ctx, root) == 0) {
                goto found;
            }
        }
    }
    for (i = 0; i < sizeof(location_files) / sizeof(location_files[0]); i++) {
        if (_frz_host_read_install_location(location_files[i], location, sizeof(location)) == 0) {
            _frz_host_note(looked, sizeof(looked), location_files[i], location);
            if (_frz_host_search_root(ctx, location) == 0) {
                goto found;
            }
        }
    }
    for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        _frz_host_note(looked, sizeof(looked), NULL, defaults[i]);
        if (_frz_host_search_root(ctx, defaults[i]) == 0) {
            goto found;
        }
    }
    frz_log_error(FRZ_CODE_NO_RUNTIME,
                  "no .NET runtime found (looked for host/fxr/<version>/%s in: %s); install "
                  "the .NET runtime or set DOTNET_ROOT to its folder",
                  _FRZ_HOST_FXR_NAME, looked);
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
    return 0;
}

/* APP_CONTEXT_DEPS_FILES names the app's deps.json first, then the
 * frameworks'. The host read a deps.json without the module archive's
 * assemblies (it refuses to start when a listed assembly is not on disk);
 * the app (DependencyContext) reads the full one named by 'app-deps'. */
static int32_t
_frz_host_set_app_deps(const struct FRZ_CONTEXT *ctx, _frz_hostfxr_get_property_fn get_property,
                       _frz_hostfxr_set_property_fn set_property, _frz_hostfxr_handle handle)
{
    const char *current = NULL;
    const char *rest;
    char *value;
    char app_deps[FRZ_PATH_MAX];
    size_t size;
    int32_t status;

    status = get_property(handle, FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES, &current);
    if (status < 0 || current == NULL) {
        current = "";
    }
    if (frz_path_join(app_deps, sizeof(app_deps), ctx->home_dir,
                      ctx->archive.options.app_deps) != 0) {
        return -1;
    }
    rest = strchr(current, ';');
    size = strlen(app_deps) + (rest != NULL ? strlen(rest) : 0) + 1;
    value = malloc(size);
    if (value == NULL) {
        return -1;
    }
    (void)snprintf(value, size, "%s%s", app_deps, rest != NULL ? rest : "");
    FRZ_TRACE(FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES "=%s", value);
    status = set_property(handle, FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES, value);
    free(value);
    return status;
}

int
frz_host_run(struct FRZ_CONTEXT *ctx, int *exit_code)
{
    struct FRZ_OPTIONS *options = &ctx->archive.options;
    struct _FRZ_HOSTFXR_INITIALIZE_PARAMETERS parameters;
    _frz_hostfxr_initialize_fn initialize = NULL;
    _frz_hostfxr_set_property_fn set_property = NULL;
    _frz_hostfxr_get_property_fn get_property = NULL;
    _frz_hostfxr_run_app_fn run_app = NULL;
    _frz_hostfxr_close_fn close_host = NULL;
    _frz_hostfxr_handle handle = NULL;
    const char **argv = NULL;
    char main_assembly[FRZ_PATH_MAX];
    char startup_hook[FRZ_PATH_MAX];
    char probe[32];
    const char *failed = NULL;
    void *library = NULL;
    int32_t status;
    int i;
    int rc = -1;

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
    library = dlopen(ctx->hostfxr_path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        frz_log_error(FRZ_CODE_HOSTFXR_LOAD, "cannot load %s: %s", ctx->hostfxr_path, dlerror());
        *exit_code = FRZ_EXIT_RUNTIME_MISSING;
        goto cleanup;
    }
    /* POSIX allows converting dlsym's void * to a function pointer. */
    *(void **)&initialize = dlsym(library, "hostfxr_initialize_for_dotnet_command_line");
    *(void **)&set_property = dlsym(library, "hostfxr_set_runtime_property_value");
    *(void **)&get_property = dlsym(library, "hostfxr_get_runtime_property_value");
    *(void **)&run_app = dlsym(library, "hostfxr_run_app");
    *(void **)&close_host = dlsym(library, "hostfxr_close");
    if (initialize == NULL || set_property == NULL || get_property == NULL || run_app == NULL ||
        close_host == NULL) {
        frz_log_error(FRZ_CODE_HOSTFXR_LOAD,
                      "%s lacks the hosting API (.NET 3.0 or later is required)",
                      ctx->hostfxr_path);
        *exit_code = FRZ_EXIT_RUNTIME_MISSING;
        goto cleanup;
    }

    argv = calloc((size_t)(ctx->argc > 0 ? ctx->argc : 1) + 1, sizeof(char *));
    if (argv == NULL) {
        frz_log_error(FRZ_CODE_RUNTIME_FAILED, "out of memory");
        goto cleanup;
    }
    argv[0] = main_assembly;
    for (i = 1; i < ctx->argc; i++) {
        argv[i] = ctx->argv[i];
    }
    parameters.size = sizeof(parameters);
    parameters.host_path = ctx->executable;
    parameters.dotnet_root = ctx->dotnet_root;
    frz_props_clear_overridden_environment(ctx);
    FRZ_TRACE("initializing the runtime for %s", main_assembly);
    status = initialize(ctx->argc > 0 ? ctx->argc : 1, argv, &parameters, &handle);
    if (status < 0 || handle == NULL) {
        frz_log_error(FRZ_CODE_RUNTIME_FAILED,
                      "the .NET runtime could not be initialized for %s (hostfxr error "
                      "0x%08x); run with COREHOST_TRACE=1 for details",
                      main_assembly, (unsigned)status);
        goto cleanup;
    }

    failed = NULL;
    if ((status = set_property(handle, FRZ_PROPERTY_EXECUTABLE, ctx->executable)) < 0 ||
        (status = set_property(handle, FRZ_PROPERTY_HOME, ctx->home_dir)) < 0 ||
        (status = set_property(handle, FRZ_PROPERTY_MODE,
                               ctx->onefile ? FRZ_VALUE_ONEFILE : FRZ_VALUE_ONEDIR)) < 0) {
        failed = "FREEZE_*";
    } else if (options->module_archive != NULL &&
               (frz_modules_probe_property(&ctx->modules, probe, sizeof(probe)) != 0 ||
                (status = set_property(handle, FRZ_PROPERTY_BUNDLE_PROBE, probe)) < 0)) {
        failed = FRZ_PROPERTY_BUNDLE_PROBE;
    } else if (options->app_deps != NULL &&
               (status = _frz_host_set_app_deps(ctx, get_property, set_property, handle)) < 0) {
        failed = FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES;
    } else if ((status = frz_props_set(ctx, set_property, handle,
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
    status = run_app(handle);
    FRZ_TRACE("the app returned %d", (int)status);
    *exit_code = (int)status;
    rc = 0;

cleanup:
    if (handle != NULL && close_host != NULL) {
        (void)close_host(handle);
    }
    free(argv);
    /* hostfxr stays loaded: unloading the runtime is not supported. The module
     * archive stays open too: the runtime may probe it until the process ends. */
    return rc;
}
