int frz_dep_value(void);
int frz_native_answer(void) { return frz_dep_value() + 1; }
