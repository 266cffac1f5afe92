<?cs def:csrf() ?><input type="hidden" name="_csrf" value="<!--xc:csrf-->"><?cs /def ?>
<?cs def:form_error() ?><?cs if:Form.Error ?><div class="error" role="alert"><?cs var:Form.Error ?></div><?cs /if ?><?cs /def ?>
