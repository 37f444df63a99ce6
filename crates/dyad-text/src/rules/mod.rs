//! Rule stages after the parser: attribute ruler (Penn -> UPOS + morphology) and rule lemmatizer.
