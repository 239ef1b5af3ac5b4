# Sourced by eng/soak.sh and eng/bench/*.sh: a folder whose testassets/ apps restore the Freeze.Sdk
# that eng/pack.sh packed last (artifacts/packages/version.txt), as a user's solution would.
#   freeze_sandbox DIR        writes nuget.config, global.json and Directory.Build.props/.targets in DIR
#   freeze_sandbox_app DIR A  copies testassets/A into DIR, without bin/ and obj/
freeze_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

freeze_sandbox() {
  local dir="$1" version
  version="$(cat "$freeze_repo_root/artifacts/packages/version.txt")"
  cat > "$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="freeze-local" value="$freeze_repo_root/artifacts/packages" /></packageSources></configuration>
XML
  echo "{ \"msbuild-sdks\": { \"Freeze.Sdk\": \"$version\" } }" > "$dir/global.json"
  echo "<Project><PropertyGroup><FreezeSdkVersion>$version</FreezeSdkVersion></PropertyGroup></Project>" > "$dir/Directory.Build.props"
  echo "<Project />" > "$dir/Directory.Build.targets"
}

freeze_sandbox_app() {
  cp -r "$freeze_repo_root/testassets/$2" "$1/$2"
  rm -rf "$1/$2/bin" "$1/$2/obj"
}
