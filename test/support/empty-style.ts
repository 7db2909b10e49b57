// Stylesheets are the build's business; component tests import this instead.
export default {};
