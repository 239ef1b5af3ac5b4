internal static class StartupHook
{
    public static void Initialize() => System.AppContext.SetData("EnvHook.Ran", "yes");
}
