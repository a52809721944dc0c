// One class written in several modules, one per role (calculator.js,
// form.js and profile.js are split this way): each role is a class of its own, with its
// methods exactly as the one class would have them, and `mixin` copies them
// onto the class that uses them. The methods share `this`, as before.
export function mixin(target, ...roles) {
  for (const role of roles) {
    for (const name of Object.getOwnPropertyNames(role.prototype)) {
      if (name !== "constructor") Object.defineProperty(target.prototype, name, Object.getOwnPropertyDescriptor(role.prototype, name));
    }
  }
  return target;
}
