/* Compiles, but defines no dsu_state_transform. */
int not_the_transformer(void) { return 0; }
