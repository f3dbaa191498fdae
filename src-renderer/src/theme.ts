import { createTheme, FileInput, NativeSelect, PasswordInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';

const systemFonts = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

// Labels carry no asterisk: the label text stays exactly the field's name (screen readers and getByLabel
// read "Name", not "Name *"); inputs still get the `required` attribute, and optional fields say so instead.
const noAsterisk = { defaultProps: { withAsterisk: false } };

// System font stacks only: the CSP forbids remote fonts and the app must look right offline.
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: systemFonts,
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontFamily: systemFonts },
  components: {
    TextInput: TextInput.extend(noAsterisk),
    PasswordInput: PasswordInput.extend(noAsterisk),
    Textarea: Textarea.extend(noAsterisk),
    NativeSelect: NativeSelect.extend(noAsterisk),
    Select: Select.extend(noAsterisk),
    TagsInput: TagsInput.extend(noAsterisk),
    FileInput: FileInput.extend(noAsterisk),
  },
});
