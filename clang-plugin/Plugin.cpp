// placeholder: replaced by the plugin implementation

