/* {{no_such_key}} */
