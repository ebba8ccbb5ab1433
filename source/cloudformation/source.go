package cloudformation

// File is a template file as a source.Source: the same as Template, under
// the name the other readers use (snapshot.File, tfplan.File).
type File = Template
