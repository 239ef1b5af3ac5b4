int frz_dep_value(void) { return 41; }
