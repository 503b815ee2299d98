/* Included after the main file's own error: its error comes second. */
int header_error = ;
