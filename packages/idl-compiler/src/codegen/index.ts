export { GenContext, RUNTIME_MODULE, type ModulePart } from './context.js';
export { generateModule, MODULE_PARTS, type GenerateOptions } from './module.js';
export { PRETTIER_OPTIONS, prettierOptions } from './prettier-options.js';
export { generateModules, PIPELINE_THRESHOLD } from './pool.js';
export { Names, camelCase, pascalCase, DISCRIMINANT, RESERVED_NAMES } from './names.js';
export { tsType, argumentType, usedTypes } from './types.js';
export { propertyPath, literal } from './descriptor.js';
export { messageDeclaration } from './messages.js';
export { jsDoc, docComment, idlArgument, code } from './docs.js';
