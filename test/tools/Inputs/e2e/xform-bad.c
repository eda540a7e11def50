int dsu_state_transform(void)
{
  return undeclared_variable;
}
